package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome a DIMSE response reports: Status (0000,0900) with, where the peer sent them, Error
 * Comment (0000,0902), Offending Element (0000,0901) and Error ID (0000,0903).
 *
 * <p>The {@link Category} follows the status class convention of PS3.7 Annex C; codes outside it
 * (which PS3.7 forbids) count as failures, the only safe reading of a code nobody defined. What a
 * code means within its class can depend on the service (B000 is "Coercion of Data Elements" from
 * C-STORE but "Sub-operations complete, one or more failures" from C-MOVE): {@link #describe(CommandField)}
 * gives the meaning PS3.4 and PS3.7 assign for the service.
 *
 * <p>Immutable and thread-safe. {@link #toString()} prints the code and category only: an error
 * comment is free text from the peer and may hold anything, patient data included, so it is for
 * whoever decides to show it, not for logs.
 *
 * @param code the status code, 0000H to FFFFH
 * @param errorComment Error Comment (0000,0902) as sent, or {@code null} if absent
 * @param offendingElements Offending Element (0000,0901): tags the peer found in error; empty if absent
 * @param errorId Error ID (0000,0903), or {@code null} if absent
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part07/chapter_c.html">PS3.7 Annex C</a>
 */
public record Status(int code, String errorComment, List<Integer> offendingElements, Integer errorId) {
    /** 0000H. */
    public static final Status SUCCESS = of(0x0000);
    /** FF00H: more responses follow (C-FIND matches, C-GET/C-MOVE sub-operations). */
    public static final Status PENDING = of(0xFF00);
    /** FE00H: the operation stopped on a C-CANCEL-RQ. */
    public static final Status CANCEL = of(0xFE00);

    /** The status classes of PS3.7 Annex C. */
    public enum Category {
        /** 0000H. */
        SUCCESS,
        /** 0001H, Bxxx, 0107H, 0116H: done, with something the caller should know. */
        WARNING,
        /** Axxx, Cxxx, 01xx and 02xx other than the warnings, and any code outside the classes. */
        FAILURE,
        /** FE00H. */
        CANCEL,
        /** FF00H, FF01H. */
        PENDING
    }

    public Status {
        Commands.requireUs(code, "code");
        offendingElements = offendingElements == null ? List.of() : List.copyOf(offendingElements);
        if (errorId != null) {
            Commands.requireUs(errorId, "errorId");
        }
    }

    /** A status with this code and nothing else. */
    public static Status of(int code) {
        return new Status(code, null, List.of(), null);
    }

    public Status withErrorComment(String comment) {
        return new Status(code, comment, offendingElements, errorId);
    }

    public Status withOffendingElements(int... tags) {
        List<Integer> list = new ArrayList<>(tags.length);
        for (int t : tags) {
            list.add(t);
        }
        return new Status(code, errorComment, list, errorId);
    }

    public Status withErrorId(int id) {
        return new Status(code, errorComment, offendingElements, id);
    }

    /** The status class of this code (PS3.7 Annex C). */
    public Category category() {
        return category(code);
    }

    /** The status class of a code (PS3.7 Annex C); FAILURE for codes outside every class. */
    public static Category category(int code) {
        if (code == 0x0000) {
            return Category.SUCCESS;
        }
        if (code == 0xFF00 || code == 0xFF01) {
            return Category.PENDING;
        }
        if (code == 0xFE00) {
            return Category.CANCEL;
        }
        if (code == 0x0001 || code == 0x0107 || code == 0x0116 || (code & 0xF000) == 0xB000) {
            return Category.WARNING;
        }
        return Category.FAILURE;
    }

    public boolean isSuccess() {
        return category() == Category.SUCCESS;
    }

    public boolean isWarning() {
        return category() == Category.WARNING;
    }

    public boolean isFailure() {
        return category() == Category.FAILURE;
    }

    public boolean isCancel() {
        return category() == Category.CANCEL;
    }

    public boolean isPending() {
        return category() == Category.PENDING;
    }

    /**
     * Whether this is a failure that the same request may not meet later: the peer said it lacked
     * resources, not that the request was wrong. True for Axxx codes A700H to A7FFH ("Refused: Out of
     * Resources" of C-STORE, C-FIND, C-GET and C-MOVE in PS3.4, including A701H and A702H) and for
     * 0213H "Resource limitation" (PS3.7 C.5.16). Retry these later, with back-off.
     *
     * <p>False for every other failure, which the same request will meet again: A9xx "Data Set does
     * not match SOP Class", Cxxx "Cannot understand" / "Unable to process", 0122H "SOP Class not
     * supported", 0124H "Not authorized", A801H "Move Destination unknown", 0111H "Duplicate SOP
     * Instance" and the rest need a change (of the object, the plan or the peer) before a retry can
     * succeed. False also for success, warning, pending and cancel, which are not failures.
     */
    public boolean isRetryable() {
        return isFailure() && ((code & 0xFF00) == 0xA700 || code == 0x0213);
    }

    /** A failure that retrying will not cure: {@link #isFailure()} and not {@link #isRetryable()}. */
    public boolean isPermanentFailure() {
        return isFailure() && !isRetryable();
    }

    /**
     * What the code means in general (PS3.7 Annex C), for a code whose meaning does not depend on the
     * service, or its class otherwise ("Failure (implementation-specific code)"). Never the error
     * comment.
     */
    public String describe() {
        return StatusMeanings.describe(code, null);
    }

    /**
     * What the code means when {@code service} returns it: the service's own meaning from PS3.4 where
     * it has one (C-STORE B000H is "Coercion of Data Elements"; C-MOVE and C-GET B000H "Sub-operations
     * complete: one or more failures"; C-FIND FF01H "Matches are continuing: one or more Optional Keys
     * were not supported"), else the general one of {@link #describe()}. Either the request or the
     * response command field names the service. Never the error comment.
     */
    public String describe(CommandField service) {
        return StatusMeanings.describe(code, service);
    }

    /** {@code Status[A700 FAILURE]}, with offending element tags if any; never the error comment. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Status[").append(String.format("%04X", code)).append(' ')
                .append(category());
        if (!offendingElements.isEmpty()) {
            sb.append(", offending");
            for (int tag : offendingElements) {
                sb.append(' ').append(Tags.format(tag));
            }
        }
        if (errorId != null) {
            sb.append(", error ID ").append(String.format("%04X", errorId));
        }
        if (errorComment != null) {
            sb.append(", with error comment");
        }
        return sb.append(']').toString();
    }
}
