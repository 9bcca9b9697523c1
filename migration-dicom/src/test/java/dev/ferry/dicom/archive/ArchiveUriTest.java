package dev.ferry.dicom.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dicom.net.RemoteAe;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchiveUriTest {
    @Test
    void theThreeSchemes() {
        assertThat(ArchiveUri.parse("folder:/mnt/seed")).isEqualTo(
                new ArchiveUri(ArchiveUri.Scheme.FOLDER, Path.of("/mnt/seed"), null, null));
        assertThat(ArchiveUri.parse("dimse:LEGACY@10.0.0.5:104").ae()).isEqualTo(new RemoteAe("LEGACY", "10.0.0.5", 104));
        assertThat(ArchiveUri.parse("DICOMWEB:https://pacs.example.org/dicom-web").url())
                .isEqualTo(URI.create("https://pacs.example.org/dicom-web"));
        assertThat(ArchiveUri.parse("dimse:A@[::1]:11112")).hasToString("dimse:A@[::1]:11112");
    }

    @Test
    void wrongUrisNameWhatIsWrong() {
        assertThatThrownBy(() -> ArchiveUri.parse("/mnt/seed")).hasMessageContaining("\"/mnt/seed\"")
                .hasMessageContaining("folder:PATH");
        assertThatThrownBy(() -> ArchiveUri.parse("folder:")).hasMessageContaining("no path");
        assertThatThrownBy(() -> ArchiveUri.parse("dimse:LEGACY@host")).hasMessageContaining("no \":port\"");
        assertThatThrownBy(() -> ArchiveUri.parse("dimse:A@host:0")).hasMessageContaining("port 0");
        assertThatThrownBy(() -> ArchiveUri.parse("dicomweb:ftp://x/y")).hasMessageContaining("http");
        assertThatThrownBy(() -> ArchiveUri.parse("dicomweb:https://bob:secret@pacs/dicom-web"))
                .hasMessageContaining("credentials").hasMessageNotContaining("secret");
    }
}
