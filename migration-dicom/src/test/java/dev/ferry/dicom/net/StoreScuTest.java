package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreScuTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheSopClassUidEvenWhenAWriterEncodedItAsUn() throws Exception {
        // pydicom's rtdose_rle_1frame.dcm carries (0008,0016) with VR UN.
        StoreScu.FileInfo info = StoreScu.inspect(NetTestFiles.corpus("rtdose_rle_1frame.dcm"));
        assertThat(info.sopClassUid()).isEqualTo(UID.RTDoseStorage);
        assertThat(info.sopInstanceUid()).matches("[0-9.]+");
    }

    @Test
    void keepsWhereTheDataSetStartsAndWhetherItCanGoAsIs() throws Exception {
        StoreScu.FileInfo explicit = StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm"));
        assertThat(explicit.sendableAsIs()).isTrue();
        assertThat(explicit.datasetOffset()).isGreaterThan(132);
        assertThat(explicit.size()).isEqualTo(Files.size(explicit.file()));
    }

    @Test
    void refusesAFileThatIsNotDicomNamingIt() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not an image\n".repeat(20));
        assertThatThrownBy(() -> StoreScu.inspect(text)).isInstanceOf(DicomParseException.class)
                .hasMessageContaining("notes.txt");
    }
}
