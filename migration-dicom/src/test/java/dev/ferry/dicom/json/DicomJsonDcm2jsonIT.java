package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.io.DicomParseException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ferry dump --json} ({@link DicomJson#writeFile}) against dcmtk's {@code dcm2json}, element
 * by element, for every real file beside the codec's tests: same tags, same VRs, same values
 * (numbers compared as numbers, binary values as bytes, sequences item by item). A top-level value
 * Ferry leaves in the file is compared through its BulkDataURI: the byte range it names must hold
 * what dcm2json writes inline. The comparison is {@link Dcm2json}'s, shared with
 * {@link DcmtkHardCasesIT}.
 *
 * <p>Where the two differ on purpose, the difference is listed (here, or as a
 * {@link Dcm2json.Tolerated}) with the reason, checked as narrowly as it can be, and counted in the
 * test's output; any other difference fails the test.
 */
class DicomJsonDcm2jsonIT {
    /** dcm2json's error output when it refuses a file Ferry reads, and why that is not Ferry's fault. */
    static final Map<String, String> DCMTK_REFUSES = Map.of(
            "is not supported by the utilized character set conversion library",
                    "dcm2json converts text to UTF-8 through iconv, which lacks ISO 2022 IR 87 and IR 159 "
                            + "(JIS X 0208/0212); Ferry decodes them itself, and PydicomCharsetFilesTest checks "
                            + "the text",
            "dataset contains extended characters but no SpecificCharacterSet",
                    "bytes above 0x7F without (0008,0005) at the top level (here: directory records with "
                            + "their own ISO 2022 IR 87, which dcm2json could not convert either); Ferry decodes "
                            + "them with each record's character set, or as ISO 8859-1 (TextCodec.DEFAULT)",
            "Cannot select source character set: SpecificCharacterSet (0008,0005) value 1 of 10",
                    "explicit_VR-UN.dcm has almost every element as UN, (0008,0005) included, which "
                            + "dcm2json then misreads and stops; Ferry writes UN values as InlineBinary (F.2.7)",
            "Non-standard VR '  ' (18\\00) encountered while parsing element (0008,0008)",
                    "SC_rgb_jpeg.dcm is implicit VR under an explicit transfer syntax (JPEG Baseline): Ferry "
                            + "sees it at the first element and reads the data set as implicit VR (with a "
                            + "warning), dcm2json takes length bytes for a VR and loses its place");

    /** Files Ferry refuses and dcm2json reads. */
    static final Map<String, String> FERRY_REFUSES = Map.of(
            "corpus/pydicom/test_files/dicomdirtests/DICOMDIR-nooffset",
                    "the last directory record's item length runs 24 bytes past the end of the file: "
                            + "Ferry's reader does not guess where a cut value ends (CorpusRoundTripTest)");

    @BeforeAll
    static void dcm2jsonIsInstalled() {
        Dcm2json.requireTools("dcmtk", "dcm2json", "dcmodify");
    }

    static List<String> files() {
        return TestFiles.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void ferryPrintsWhatDcm2jsonPrints(String name, @TempDir Path tmp) throws Exception {
        Path file = TestFiles.path(name);
        String ferry = null;
        String ferryError = null;
        try {
            ferry = Dcm2json.ferryJson(file);
        } catch (DicomParseException e) {
            ferryError = e.getMessage();
        }
        Dcm2json.View dcmtk = Dcm2json.view(file, tmp);
        if (dcmtk.readAsDataset()) {
            System.out.printf("%s: read by dcm2json with --read-dataset, as \"%s\"%n", name, Dcm2json.NOT_PART_10);
        }

        if (ferry == null) {
            assertThat(dcmtk.json() == null || FERRY_REFUSES.containsKey(name))
                    .as("%s: Ferry refuses (%s), dcm2json reads it", name, ferryError).isTrue();
            System.out.printf("%s: Ferry refuses it (%s); %s%n", name, ferryError,
                    dcmtk.json() == null ? "so does dcm2json" : FERRY_REFUSES.get(name));
            return;
        }
        if (dcmtk.json() == null) {
            String stderr = dcmtk.stderr();
            String reason = DCMTK_REFUSES.entrySet().stream().filter(e -> stderr.contains(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            assertThat(reason).as("%s: dcm2json refuses, Ferry reads it; dcm2json says %s", name, stderr).isNotNull();
            System.out.printf("%s: dcm2json refuses it: %s%n", name, reason);
            return;
        }
        Dcm2json.Comparison c = Dcm2json.compare(ferry, dcmtk, file);
        c.tolerated().forEach((t, n) -> System.out.printf("%s: tolerated %s x%d: %s%n", name, t, n, t.reason));
        assertThat(c.differences()).as("Ferry vs dcm2json, %s", name).isEmpty();
    }
}
