package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidValueExceptionTest {

    @Test
    void namesTheTagWithItsKeyword() {
        InvalidValueException e = new InvalidValueException(Tag.InstanceNumber, "IS value 1 is not a number");
        assertThat(e.tag()).isEqualTo(Tag.InstanceNumber);
        assertThat(e.reason()).isEqualTo(ReasonCode.INVALID_VALUE);
        assertThat(e.item()).isSameAs(ItemRef.NONE);
        assertThat(e.getMessage()).isEqualTo("INVALID_VALUE: InstanceNumber (0020,0013): IS value 1 is not a number");
        assertThat(e).isInstanceOf(PermanentMigrationException.class);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void privateTagsAreNamedByNumberAndTheItemIsKept() {
        ItemRef item = ItemRef.instance("1.2", "1.2.3", "1.2.3.4");
        InvalidValueException e = new InvalidValueException(item, 0x00191023, "wrong length");
        assertThat(e.item()).isEqualTo(item);
        assertThat(e.getMessage())
                .isEqualTo("INVALID_VALUE [study 1.2 series 1.2.3 instance 1.2.3.4]: (0019,1023): wrong length");
    }
}
