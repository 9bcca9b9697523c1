package dev.ferry.api;

/**
 * A data element's value breaks its VR (an IS that is not an integer, a binary value of the wrong
 * length). Names the tag, never the value. Thrown by {@link Dataset} accessors, which do not know
 * which instance they belong to; callers that do rethrow with the {@link ItemRef}.
 */
public class InvalidValueException extends PermanentMigrationException {
    private final int tag;

    public InvalidValueException(int tag, String detail) {
        this(ItemRef.NONE, tag, detail);
    }

    public InvalidValueException(ItemRef item, int tag, String detail) {
        super(ReasonCode.INVALID_VALUE, item, Tags.describe(tag) + ": " + detail);
        this.tag = tag;
    }

    public int tag() {
        return tag;
    }
}
