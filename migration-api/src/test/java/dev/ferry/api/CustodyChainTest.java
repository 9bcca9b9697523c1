package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CustodyChainTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");
    static final ItemRef ITEM = ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4.5");

    static CustodyEvent base() {
        return CustodyEvent.of(T0, CustodyEvent.Type.STORED, "engine", ITEM,
                Map.of("sha256", "ab12", "status", "0000"));
    }

    static CustodyEvent event(int n) {
        return CustodyEvent.of(T0.plusSeconds(n), n % 2 == 0 ? CustodyEvent.Type.STORED : CustodyEvent.Type.RETRIEVED,
                "engine", ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4." + n), Map.of("n", Integer.toString(n)));
    }

    static List<CustodyRecord> chain(int length) {
        List<CustodyRecord> records = new ArrayList<>();
        CustodyRecord previous = null;
        for (int n = 1; n <= length; n++) {
            previous = CustodyRecord.next(previous, event(n));
            records.add(previous);
        }
        return records;
    }

    static ChainVerification verify(List<CustodyRecord> records) {
        return CustodyChain.verify(records.iterator());
    }

    @Nested
    class Hashing {
        @Test
        void genesisIs32ZeroBytesInHex() {
            assertThat(CustodyChain.GENESIS).hasSize(64).matches("0+");
        }

        @Test
        void hashIsDeterministicLowerCaseSha256() {
            String h = CustodyChain.hash(CustodyChain.GENESIS, 1, base());
            assertThat(h).matches("[0-9a-f]{64}");
            assertThat(CustodyChain.hash(CustodyChain.GENESIS, 1, base())).isEqualTo(h);
            assertThat(CustodyChain.hash("AB".repeat(32), 1, base())).isEqualTo(CustodyChain.hash("ab".repeat(32), 1, base()));
        }

        @Test
        void hashIsSha256OfThePreviousHashBytesThenTheCanonicalEncoding() throws Exception {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(new byte[32]);
            md.update(CustodyChain.canonical(1, base()));
            assertThat(CustodyChain.hash(CustodyChain.GENESIS, 1, base())).isEqualTo(HexFormat.of().formatHex(md.digest()));

            String prev = "ff".repeat(32);
            md.update(HexFormat.of().parseHex(prev));
            md.update(CustodyChain.canonical(2, base()));
            assertThat(CustodyChain.hash(prev, 2, base())).isEqualTo(HexFormat.of().formatHex(md.digest()));
        }

        @Test
        void canonicalEncodingIsTheDocumentedLengthPrefixedLayout() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            writeString(out, "ferry-custody-1");
            out.writeLong(7);
            out.writeLong(T0.toEpochMilli());
            writeString(out, "STORED");
            writeString(out, "engine");
            writeString(out, "1.2.3");
            writeString(out, "1.2.3.4");
            writeString(out, "1.2.3.4.5");
            out.writeInt(2);
            writeString(out, "sha256");
            writeString(out, "ab12");
            writeString(out, "status");
            writeString(out, "0000");
            out.flush();

            assertThat(CustodyChain.canonical(7, base())).isEqualTo(bytes.toByteArray());
        }

        private void writeString(DataOutputStream out, String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        static Stream<Arguments> variants() {
            CustodyEvent b = base();
            SortedMap<String, String> d = b.details();
            return Stream.of(
                    Arguments.of("sequence", 2L, b),
                    Arguments.of("time +1 ms", 1L, new CustodyEvent(T0.plusMillis(1), b.type(), b.actor(), b.item(), d)),
                    Arguments.of("type", 1L, new CustodyEvent(T0, CustodyEvent.Type.VERIFIED, b.actor(), b.item(), d)),
                    Arguments.of("actor", 1L, new CustodyEvent(T0, b.type(), "engine2", b.item(), d)),
                    Arguments.of("empty actor", 1L, new CustodyEvent(T0, b.type(), "", b.item(), d)),
                    Arguments.of("study UID", 1L, with(ItemRef.instance("1.2.4", "1.2.3.4", "1.2.3.4.5"))),
                    Arguments.of("series UID", 1L, with(ItemRef.instance("1.2.3", "1.2.3.5", "1.2.3.4.5"))),
                    Arguments.of("SOP instance UID", 1L, with(ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4.6"))),
                    Arguments.of("series UID absent", 1L, with(new ItemRef("1.2.3", null, "1.2.3.4.5"))),
                    Arguments.of("series UID empty", 1L, with(new ItemRef("1.2.3", "", "1.2.3.4.5"))),
                    Arguments.of("UID moved between fields", 1L, with(ItemRef.instance("1.2.3", "1.2.3.4.5", "1.2.3.4"))),
                    Arguments.of("detail key", 1L, withDetails(Map.of("sha-256", "ab12", "status", "0000"))),
                    Arguments.of("detail value", 1L, withDetails(Map.of("sha256", "ab13", "status", "0000"))),
                    Arguments.of("detail added", 1L, withDetails(Map.of("sha256", "ab12", "status", "0000", "x", ""))),
                    Arguments.of("detail removed", 1L, withDetails(Map.of("sha256", "ab12"))),
                    Arguments.of("boundary between key and value", 1L,
                            withDetails(Map.of("sha256a", "b12", "status", "0000"))),
                    Arguments.of("value moved to another key", 1L,
                            withDetails(Map.of("sha256", "0000", "status", "ab12"))));
        }

        private static CustodyEvent with(ItemRef item) {
            CustodyEvent b = base();
            return new CustodyEvent(b.time(), b.type(), b.actor(), item, b.details());
        }

        private static CustodyEvent withDetails(Map<String, String> details) {
            CustodyEvent b = base();
            return CustodyEvent.of(b.time(), b.type(), b.actor(), b.item(), details);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("variants")
        void everyFieldChangesTheEncodingAndTheHash(String field, long sequence, CustodyEvent changed) {
            assertThat(CustodyChain.canonical(sequence, changed)).isNotEqualTo(CustodyChain.canonical(1, base()));
            assertThat(CustodyChain.hash(CustodyChain.GENESIS, sequence, changed))
                    .isNotEqualTo(CustodyChain.hash(CustodyChain.GENESIS, 1, base()));
        }

        @Test
        void thePreviousHashChangesTheHash() {
            assertThat(CustodyChain.hash("00".repeat(31) + "01", 1, base()))
                    .isNotEqualTo(CustodyChain.hash(CustodyChain.GENESIS, 1, base()));
        }

        @Test
        void detailsAreEncodedInKeyOrderWhateverTheirInsertionOrder() {
            Map<String, String> forward = new LinkedHashMap<>();
            forward.put("a", "1");
            forward.put("b", "2");
            forward.put("change.1", "x");
            Map<String, String> backward = new LinkedHashMap<>();
            backward.put("change.1", "x");
            backward.put("b", "2");
            backward.put("a", "1");
            CustodyEvent e1 = CustodyEvent.of(T0, CustodyEvent.Type.COERCED, "coercer", ITEM, forward);
            CustodyEvent e2 = CustodyEvent.of(T0, CustodyEvent.Type.COERCED, "coercer", ITEM, backward);

            assertThat(CustodyChain.canonical(3, e1)).isEqualTo(CustodyChain.canonical(3, e2));
            assertThat(CustodyChain.hash(CustodyChain.GENESIS, 3, e1)).isEqualTo(CustodyChain.hash(CustodyChain.GENESIS, 3, e2));
        }

        @Test
        void timeIsHashedToTheMillisecond() {
            CustodyEvent b = base();
            CustodyEvent finer = new CustodyEvent(T0.plusNanos(999_999), b.type(), b.actor(), b.item(), b.details());
            assertThat(CustodyChain.canonical(1, finer)).isEqualTo(CustodyChain.canonical(1, b));
        }

        @Test
        void nonAsciiTextIsEncodedAsUtf8() {
            CustodyEvent b = base();
            CustodyEvent e1 = new CustodyEvent(T0, b.type(), "opérateur", b.item(), b.details());
            CustodyEvent e2 = new CustodyEvent(T0, b.type(), "op?rateur", b.item(), b.details());
            assertThat(CustodyChain.canonical(1, e1)).isNotEqualTo(CustodyChain.canonical(1, e2));
            assertThat(CustodyChain.canonical(1, e1).length).isEqualTo(CustodyChain.canonical(1, e2).length + 1);
        }
    }

    @Nested
    class Verification {
        @Test
        void emptyLogIsIntactAtGenesis() {
            ChainVerification v = verify(List.of());
            assertThat(v).isEqualTo(new ChainVerification.Intact(0, CustodyChain.GENESIS));
            assertThat(v.intact()).isTrue();
        }

        @Test
        void builtChainIsIntactWithCountAndHeadHash() {
            List<CustodyRecord> records = chain(6);
            ChainVerification v = verify(records);
            assertThat(v).isEqualTo(new ChainVerification.Intact(6, records.get(5).hash()));
            assertThat(v.intact()).isTrue();
        }

        @Test
        void modifiedRecordIsContentModifiedAtThatRecord() {
            List<CustodyRecord> records = chain(5);
            CustodyRecord r3 = records.get(2);
            CustodyEvent e = r3.event();
            CustodyEvent forged = new CustodyEvent(e.time(), e.type(), "somebody-else", e.item(), e.details());
            records.set(2, new CustodyRecord(3, forged, r3.previousHash(), r3.hash()));

            assertBroken(verify(records), 3, ChainVerification.Problem.CONTENT_MODIFIED);
        }

        @Test
        void modifiedDetailValueIsContentModified() {
            List<CustodyRecord> records = chain(5);
            CustodyRecord r5 = records.get(4);
            CustodyEvent e = r5.event();
            TreeMap<String, String> details = new TreeMap<>(e.details());
            details.put("n", "6");
            records.set(4, new CustodyRecord(5, new CustodyEvent(e.time(), e.type(), e.actor(), e.item(), details),
                    r5.previousHash(), r5.hash()));

            assertBroken(verify(records), 5, ChainVerification.Problem.CONTENT_MODIFIED);
        }

        @Test
        void modifiedHashIsContentModified() {
            List<CustodyRecord> records = chain(3);
            CustodyRecord r2 = records.get(1);
            records.set(1, new CustodyRecord(2, r2.event(), r2.previousHash(), "ab".repeat(32)));
            assertBroken(verify(records), 2, ChainVerification.Problem.CONTENT_MODIFIED);
        }

        @Test
        void deletedRecordIsASequenceBreakWhereItWas() {
            List<CustodyRecord> records = chain(5);
            records.remove(2);
            ChainVerification.Broken broken = assertBroken(verify(records), 3, ChainVerification.Problem.SEQUENCE_BREAK);
            assertThat(broken.detail()).contains("missing");

            List<CustodyRecord> withoutFirst = chain(3);
            withoutFirst.remove(0);
            assertBroken(verify(withoutFirst), 1, ChainVerification.Problem.SEQUENCE_BREAK);
        }

        @Test
        void deletedRecordWithLaterOnesRenumberedIsALinkBreak() {
            List<CustodyRecord> records = chain(5);
            records.remove(2);
            for (int i = 2; i < records.size(); i++) {
                CustodyRecord r = records.get(i);
                records.set(i, new CustodyRecord(i + 1, r.event(), r.previousHash(), r.hash()));
            }
            assertBroken(verify(records), 3, ChainVerification.Problem.LINK_BROKEN);
        }

        @Test
        void insertedRecordIsASequenceBreakAfterIt() {
            List<CustodyRecord> records = chain(5);
            CustodyRecord forged = CustodyRecord.next(records.get(1), event(99));
            records.add(2, forged);
            ChainVerification.Broken broken = assertBroken(verify(records), 4, ChainVerification.Problem.SEQUENCE_BREAK);
            assertThat(broken.detail()).contains("inserted");
        }

        @Test
        void insertedRecordWithLaterOnesRenumberedIsALinkBreak() {
            List<CustodyRecord> records = chain(5);
            records.add(2, CustodyRecord.next(records.get(1), event(99)));
            for (int i = 3; i < records.size(); i++) {
                CustodyRecord r = records.get(i);
                records.set(i, new CustodyRecord(i + 1, r.event(), r.previousHash(), r.hash()));
            }
            assertBroken(verify(records), 4, ChainVerification.Problem.LINK_BROKEN);
        }

        @Test
        void swappedRecordsBreakAtTheFirstOfThem() {
            List<CustodyRecord> records = chain(5);
            Collections.swap(records, 1, 2);
            assertBroken(verify(records), 2, ChainVerification.Problem.SEQUENCE_BREAK);
        }

        @Test
        void swappedRecordsWithSequenceNumbersExchangedAreALinkBreak() {
            List<CustodyRecord> records = chain(5);
            CustodyRecord r2 = records.get(1);
            CustodyRecord r3 = records.get(2);
            records.set(1, new CustodyRecord(2, r3.event(), r3.previousHash(), r3.hash()));
            records.set(2, new CustodyRecord(3, r2.event(), r2.previousHash(), r2.hash()));
            assertBroken(verify(records), 2, ChainVerification.Problem.LINK_BROKEN);
        }

        @Test
        void swappedEventsUnderTheSameNumbersAndHashesAreContentModified() {
            List<CustodyRecord> records = chain(5);
            CustodyRecord r2 = records.get(1);
            CustodyRecord r3 = records.get(2);
            records.set(1, new CustodyRecord(2, r3.event(), r2.previousHash(), r2.hash()));
            records.set(2, new CustodyRecord(3, r2.event(), r3.previousHash(), r3.hash()));
            assertBroken(verify(records), 2, ChainVerification.Problem.CONTENT_MODIFIED);
        }

        @Test
        void wrongPreviousHashIsALinkBreakEvenWhenTheRecordsOwnHashIsRecomputed() {
            List<CustodyRecord> records = chain(5);
            CustodyRecord r4 = records.get(3);
            String wrong = "12".repeat(32);
            records.set(3, new CustodyRecord(4, r4.event(), wrong, CustodyChain.hash(wrong, 4, r4.event())));
            ChainVerification.Broken broken = assertBroken(verify(records), 4, ChainVerification.Problem.LINK_BROKEN);
            assertThat(broken.detail()).contains("record 4").contains("record 3");
        }

        @Test
        void firstRecordMustFollowGenesis() {
            String wrong = "01".repeat(32);
            CustodyEvent e = event(1);
            List<CustodyRecord> records = List.of(new CustodyRecord(1, e, wrong, CustodyChain.hash(wrong, 1, e)));
            assertBroken(verify(records), 1, ChainVerification.Problem.LINK_BROKEN);
        }

        @Test
        void duplicatedRecordIsASequenceBreak() {
            List<CustodyRecord> records = chain(4);
            records.add(2, records.get(2));
            assertBroken(verify(records), 4, ChainVerification.Problem.SEQUENCE_BREAK);
        }

        @Test
        void truncatedOrRewrittenTailIsOnlyCaughtByComparingTheHeadHash() {
            List<CustodyRecord> original = chain(5);
            String head = original.get(4).hash();

            List<CustodyRecord> truncated = new ArrayList<>(original.subList(0, 4));
            ChainVerification t = verify(truncated);
            assertThat(t.intact()).isTrue();
            assertThat(((ChainVerification.Intact) t).headHash()).isNotEqualTo(head);

            List<CustodyRecord> rewritten = new ArrayList<>(original.subList(0, 2));
            CustodyRecord previous = rewritten.get(1);
            for (int n = 3; n <= 5; n++) {
                previous = CustodyRecord.next(previous, event(n + 100));
                rewritten.add(previous);
            }
            ChainVerification r = verify(rewritten);
            assertThat(r).isInstanceOf(ChainVerification.Intact.class);
            assertThat(((ChainVerification.Intact) r).records()).isEqualTo(5);
            assertThat(((ChainVerification.Intact) r).headHash()).isNotEqualTo(head);
        }

        private ChainVerification.Broken assertBroken(ChainVerification v, long sequence, ChainVerification.Problem problem) {
            assertThat(v.intact()).isFalse();
            assertThat(v).isInstanceOf(ChainVerification.Broken.class);
            ChainVerification.Broken broken = (ChainVerification.Broken) v;
            assertThat(broken.sequence()).isEqualTo(sequence);
            assertThat(broken.problem()).isEqualTo(problem);
            assertThat(broken.detail()).isNotBlank();
            return broken;
        }
    }
}
