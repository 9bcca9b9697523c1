package dev.ferry.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryCustodyLogTest {
    private final InMemoryCustodyLog log = new InMemoryCustodyLog();

    private static CustodyEvent event(int n) {
        return CustodyEvent.of(Instant.ofEpochMilli(1_700_000_000_000L + n), CustodyEvent.Type.STORED, "test",
                ItemRef.study("1.2.3." + (n % 2)), Map.of("n", Integer.toString(n)));
    }

    @Test
    void appendAfterCloseFailsAsACustodyFailure() {
        log.append(event(1));
        log.close();
        log.close();
        assertThatThrownBy(() -> log.append(event(2))).isInstanceOf(PermanentMigrationException.class)
                .satisfies(e -> assertThat(((PermanentMigrationException) e).reason())
                        .isEqualTo(ReasonCode.CUSTODY_FAILURE));
        assertThat(log.size()).isEqualTo(1);
    }

    @Test
    void tamperHooksChangeWhatIsReadBack() {
        for (int n = 0; n < 5; n++) {
            log.append(event(n));
        }
        List<CustodyRecord> before = read();
        log.tamperSwap(2, 4);
        assertThat(read()).extracting(CustodyRecord::sequence).containsExactly(1L, 4L, 3L, 2L, 5L);
        log.tamperSwap(2, 4);
        assertThat(read()).isEqualTo(before);
        log.tamperDelete(3);
        assertThat(read()).extracting(CustodyRecord::sequence).containsExactly(1L, 2L, 4L, 5L);
        log.tamperInsertAfter(2, before.get(2));
        assertThat(read()).isEqualTo(before);
        CustodyRecord forged = CustodyRecord.next(before.get(0), event(99));
        log.tamperReplace(2, forged);
        assertThat(read().get(1)).isSameAs(forged);
        assertThat(log.verifyChain()).isInstanceOf(ChainVerification.Broken.class);
        assertThatThrownBy(() -> log.tamperDelete(42)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sinkRunsWithoutTheLockSoItMayAppend() {
        log.append(event(0));
        log.read(CustodyQuery.ALL, r -> log.append(event(1)));
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.verifyChain().intact()).isTrue();
    }

    @Test
    void toStringCountsRecordsOnly() {
        log.append(event(0));
        assertThat(log.toString()).isEqualTo("InMemoryCustodyLog[1 records]");
    }

    private List<CustodyRecord> read() {
        List<CustodyRecord> out = new ArrayList<>();
        log.read(CustodyQuery.ALL, out::add);
        return out;
    }
}
