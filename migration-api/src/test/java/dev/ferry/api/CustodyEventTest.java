package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CustodyEventTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final ItemRef ITEM = ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4.5");

    @Test
    void timeIsTruncatedToMilliseconds() {
        CustodyEvent e = CustodyEvent.of(T, CustodyEvent.Type.STORED, "engine", ITEM, Map.of());
        assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
    }

    @Test
    void detailsAreASortedUnmodifiableCopy() {
        TreeMap<String, String> input = new TreeMap<>(Map.of("status", "0000", "change.1", "x", "sha256", "ab"));
        CustodyEvent e = new CustodyEvent(T, CustodyEvent.Type.COERCED, "coercer", ITEM, input);
        input.put("later", "y");
        input.put("status", "changed");

        assertThat(e.details()).containsExactly(Map.entry("change.1", "x"), Map.entry("sha256", "ab"),
                Map.entry("status", "0000"));
        assertThatThrownBy(() -> e.details().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofAcceptsAnyMapAndNullDetailsMeanNone() {
        Map<String, String> hash = new HashMap<>();
        hash.put("b", "2");
        hash.put("a", "1");
        CustodyEvent e = CustodyEvent.of(T, CustodyEvent.Type.VERIFIED, "verifier:pixel", ITEM, hash);
        assertThat(e.details().firstKey()).isEqualTo("a");

        assertThat(new CustodyEvent(T, CustodyEvent.Type.QUEUED, "engine", ITEM, null).details()).isEmpty();
    }

    @Test
    void requiresItsFieldsAndNoNullDetailValues() {
        assertThatThrownBy(() -> CustodyEvent.of(null, CustodyEvent.Type.QUEUED, "engine", ITEM, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("time");
        assertThatThrownBy(() -> CustodyEvent.of(T, null, "engine", ITEM, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> CustodyEvent.of(T, CustodyEvent.Type.QUEUED, null, ITEM, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("actor");
        assertThatThrownBy(() -> CustodyEvent.of(T, CustodyEvent.Type.QUEUED, "engine", null, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("item");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("sha256", null);
        assertThatThrownBy(() -> CustodyEvent.of(T, CustodyEvent.Type.QUEUED, "engine", ITEM, nullValue))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sha256");
    }

    @Test
    void toStringShowsDetailKeysButNeverTheirValues() {
        CustodyEvent e = CustodyEvent.of(T, CustodyEvent.Type.COERCED, "coercer", ITEM,
                Map.of("change.1.before", "DOE^JANE", "change.1.after", "MRN-987654"));
        assertThat(e.toString())
                .contains("COERCED").contains("coercer").contains("1.2.3.4.5")
                .contains("change.1.before").contains("change.1.after")
                .doesNotContain("DOE^JANE").doesNotContain("MRN-987654");
    }

    @Test
    void typeNamesAreStableBecauseTheyAreHashed() {
        assertThat(CustodyEvent.Type.values()).extracting(Enum::name).containsExactly("QUEUED", "RETRIEVED",
                "COERCED", "STORED", "VERIFIED", "EXCEPTION_RAISED", "EXCEPTION_RESOLVED", "OPERATOR_ACTION");
    }
}
