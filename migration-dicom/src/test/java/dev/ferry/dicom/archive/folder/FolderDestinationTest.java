package dev.ferry.dicom.archive.folder;

import static dev.ferry.dicom.archive.folder.TestObjects.header;
import static dev.ferry.dicom.archive.folder.TestObjects.pixelElement;
import static dev.ferry.dicom.archive.folder.TestObjects.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDestinationTest {
    private static final TransferSyntax EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    @TempDir
    Path temp;

    private Path root() {
        return temp.resolve("archive");
    }

    private FolderDestination destination() {
        return FolderDestination.builder(root()).build();
    }

    private static StoreResult store(FolderDestination d, Dataset h, byte[] remainder) throws IOException {
        try (DicomInstance i = TestObjects.instance(h.copy(), remainder, remainder.length)) {
            return d.store(i);
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(temp)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void layoutIsTheDocumentedHashOfTheUids() throws Exception {
        try (FolderDestination d = destination()) {
            String study = hex("1.2.3");
            assertThat(d.pathOf("1.2.3", "1.2.3.4"))
                    .isEqualTo(root().resolve(study.substring(0, 2)).resolve(study).resolve(hex("1.2.3.4") + ".dcm"));
            store(d, header("1.2.3", "1.2.3.1", "1.2.3.4"), new byte[0]);
            assertThat(files()).containsExactly(d.pathOf("1.2.3", "1.2.3.4"));
            assertThat(d.name()).isEqualTo("folder:" + root().toAbsolutePath().normalize());
            assertThat(d.supportsReadBack()).isTrue();
        }
    }

    @Test
    void hostileUidsCannotChooseANameOrLeaveTheRoot() throws IOException {
        String longUid = "1." + "2".repeat(5000);
        List<String[]> uids = List.of(
                new String[] {"../../x", "../../../etc/passwd"},
                new String[] {"/abs/olute", "a\\b:c"},
                new String[] {longUid, longUid + ".1"});
        try (FolderDestination d = destination()) {
            for (String[] u : uids) {
                byte[] remainder = pixelElement(pixels(64, u[1].hashCode()), EXPLICIT);
                assertThat(store(d, header(u[0], "1.9", u[1]), remainder).status()).isEqualTo(StoreResult.Status.STORED);
                assertThat(d.describe(u[0]).orElseThrow().instances()).extracting(InstanceDescriptor::sopInstanceUid)
                        .containsExactly(u[1]);
                TestObjects.Keeper k = new TestObjects.Keeper();
                assertThat(d.retrieve(RetrieveRequest.study(u[0]), k).isComplete()).isTrue();
                assertThat(k.only().remainder()).isEqualTo(remainder);
                assertThat(k.only().header().getString(Tag.SOPInstanceUID)).isEqualTo(u[1]);
            }
        }
        assertThat(files()).hasSize(3).allSatisfy(f -> {
            assertThat(f.startsWith(root())).isTrue();
            assertThat(root().relativize(f).toString()).matches("[0-9a-f]{2}/[0-9a-f]{64}/[0-9a-f]{64}\\.dcm");
        });
    }

    @Test
    void storingAgainIsAlreadyPresentAndAChangedHeaderReplacesTheFile() throws IOException {
        Dataset h = header("1.2.3", "1.2.3.1", "1.2.3.1.1");
        byte[] remainder = pixelElement(pixels(256, 1), EXPLICIT);
        try (FolderDestination d = destination()) {
            assertThat(store(d, h, remainder).status()).isEqualTo(StoreResult.Status.STORED);
            assertThat(store(d, h, remainder)).isEqualTo(new StoreResult("1.2.3.1.1", StoreResult.Status.ALREADY_PRESENT, ""));
            h.setString(Tag.InstitutionName, VR.LO, "COERCED");
            assertThat(store(d, h, remainder).status()).isEqualTo(StoreResult.Status.STORED);
            TestObjects.Keeper k = new TestObjects.Keeper();
            d.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.only().header().getString(Tag.InstitutionName)).isEqualTo("COERCED");
            assertThat(k.only().remainder()).isEqualTo(remainder);
            assertThat(k.only().declaredLength()).isEqualTo(remainder.length);
        }
        assertThat(files()).hasSize(1);
    }

    @Test
    void aFailedStoreLeavesNoTemporaryFileAndTheEarlierCopyIntact() throws IOException {
        Dataset h = header("1.2.3", "1.2.3.1", "1.2.3.1.1");
        byte[] remainder = pixelElement(pixels(200_000, 2), EXPLICIT);
        try (FolderDestination d = destination()) {
            IOException broken = new IOException("source connection reset");
            assertThatThrownBy(() -> d.store(failingAfter(h, remainder, 150_000, broken))).isSameAs(broken);
            assertThat(files()).as("files after a failed first store").isEmpty();
            assertThat(d.describe("1.2.3")).isEmpty();

            store(d, h, remainder);
            Dataset changed = h.copy();
            changed.setString(Tag.InstitutionName, VR.LO, "NEWER");
            assertThatThrownBy(() -> d.store(failingAfter(changed, remainder, 100_000, broken))).isSameAs(broken);
            assertThat(files()).containsExactly(d.pathOf("1.2.3", "1.2.3.1.1"));
            TestObjects.Keeper k = new TestObjects.Keeper();
            assertThat(d.retrieve(RetrieveRequest.study("1.2.3"), k).isComplete()).isTrue();
            assertThat(k.only().header().contains(Tag.InstitutionName)).isFalse();
            assertThat(k.only().remainder()).isEqualTo(remainder);
        }
    }

    private static DicomInstance failingAfter(Dataset h, byte[] remainder, int bytes, IOException failure) {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(remainder, 0, bytes), new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        });
        return new DicomInstance(InstanceDescriptor.of(h, -1), h.copy(), EXPLICIT.uid(), failing, remainder.length);
    }

    @Test
    void concurrentStoresOfOneInstanceLeaveOneWholeCopy() throws Exception {
        Dataset a = header("1.2.3", "1.2.3.1", "1.2.3.1.1");
        Dataset b = a.copy();
        b.setString(Tag.InstitutionName, VR.LO, "VARIANT B");
        byte[] remainder = pixelElement(pixels(1 << 20, 3), EXPLICIT);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (FolderDestination d = destination()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<StoreResult>> results = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                Dataset h = t % 2 == 0 ? a : b;
                Callable<StoreResult> task = () -> {
                    start.await();
                    return store(d, h, remainder);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<StoreResult> f : results) {
                assertThat(f.get().sopInstanceUid()).isEqualTo("1.2.3.1.1");
            }
            assertThat(files()).containsExactly(d.pathOf("1.2.3", "1.2.3.1.1"));
            assertThat(d.describe("1.2.3").orElseThrow().instances()).hasSize(1);
            TestObjects.Keeper k = new TestObjects.Keeper();
            assertThat(d.retrieve(RetrieveRequest.study("1.2.3"), k).isComplete()).isTrue();
            assertThat(k.only().remainder()).isEqualTo(remainder);
            assertThat(k.only().header().getString(Tag.InstitutionName, "")).isIn("", "VARIANT B");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInstanceWithoutSopInstanceUidIsRefused() throws IOException {
        Dataset h = header("1.2.3", "1.2.3.1", "1.2.3.1.1");
        try (FolderDestination d = destination(); DicomInstance i = TestObjects.instance(h, new byte[0], 0)) {
            h.remove(Tag.SOPInstanceUID);
            assertThatThrownBy(() -> d.store(i)).isInstanceOfSatisfying(PermanentMigrationException.class, e -> {
                assertThat(e.reason()).isEqualTo(ReasonCode.INVALID_VALUE);
                assertThat(e.getMessage()).contains("(0008,0018)");
            });
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void aDamagedFileIsListedButNotDelivered() throws IOException {
        try (FolderDestination d = destination()) {
            store(d, header("1.2.3", "1.2.3.1", "1.2.3.1.1"), pixelElement(pixels(4000, 4), EXPLICIT));
            store(d, header("1.2.3", "1.2.3.1", "1.2.3.1.2"), pixelElement(pixels(4000, 5), EXPLICIT));
            FolderSourceTest.truncate(d.pathOf("1.2.3", "1.2.3.1.2"), 500);
            Files.writeString(d.pathOf("1.2.3", "1.2.3.1.2").resolveSibling("stray.dcm.1234.part"), "in progress");
            assertThat(d.describe("1.2.3").orElseThrow().instances()).hasSize(2);
            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = d.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.sops()).containsExactly("1.2.3.1.1");
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
                assertThat(f.item().sopInstanceUid()).isEqualTo("1.2.3.1.2");
            });
            assertThat(r.expected()).isEqualTo(2);
        }
    }

    @Test
    void remainderOfUnknownLengthIsStoredWhole() throws IOException {
        Dataset h = header("1.2.3", "1.2.3.1", "1.2.3.1.1");
        byte[] remainder = pixelElement(pixels(70_000, 6), EXPLICIT);
        try (FolderDestination d = destination()) {
            try (DicomInstance i = TestObjects.instance(h, remainder, StudyDescriptor.UNKNOWN)) {
                assertThat(d.store(i).status()).isEqualTo(StoreResult.Status.STORED);
            }
            TestObjects.Keeper k = new TestObjects.Keeper();
            d.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.only().remainder()).isEqualTo(remainder);
        }
    }

    @Test
    void builderNamesTheFieldAtFault() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertThatThrownBy(() -> FolderDestination.builder(file).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root");
        assertThatThrownBy(() -> FolderDestination.builder(temp).name("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        FolderDestination d = FolderDestination.builder(temp.resolve("new/folder")).name("vna").build();
        assertThat(temp.resolve("new/folder")).isDirectory();
        d.close();
        d.close();
        assertThatThrownBy(() -> d.describe("1.2.3")).isInstanceOf(IllegalStateException.class);
    }

    private static String hex(String uid) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8)));
    }
}
