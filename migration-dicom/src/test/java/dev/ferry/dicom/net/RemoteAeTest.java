package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteAeTest {
    @Test
    void parsesAetHostPort() {
        RemoteAe ae = RemoteAe.parse("STORESCP@127.0.0.1:11112");
        assertThat(ae).isEqualTo(new RemoteAe("STORESCP", "127.0.0.1", 11112));
        assertThat(ae).hasToString("STORESCP@127.0.0.1:11112");
        assertThat(RemoteAe.parse("A@B@host:104").aeTitle()).isEqualTo("A@B");
        assertThat(RemoteAe.parse("PACS@[::1]:104").host()).isEqualTo("::1");
        assertThat(RemoteAe.parse("PACS@[::1]:104")).hasToString("PACS@[::1]:104");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> RemoteAe.parse("STORESCP@localhost")).hasMessageContaining("no \":port\"");
        assertThatThrownBy(() -> RemoteAe.parse("localhost:104")).hasMessageContaining("no AE title");
        assertThatThrownBy(() -> RemoteAe.parse("X@h:port")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> RemoteAe.parse("X@h:70000")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> RemoteAe.parse("SEVENTEEN_CHARS_X@h:1")).hasMessageContaining("1 to 16");
        assertThatThrownBy(() -> RemoteAe.parse("A\\B@h:1")).hasMessageContaining("cannot hold");
    }

    @Test
    void allowListMatchesAeTitleAndHost() throws Exception {
        InetAddress local = InetAddress.getByName("127.0.0.1");
        InetAddress other = InetAddress.getByName("10.1.2.3");
        AllowList list = AllowList.parse(List.of("MODALITY@127.0.0.1", "*@10.1.2.3", "ANYWHERE"));
        assertThat(list.allows("MODALITY", local)).isTrue();
        assertThat(list.allows("MODALITY", other)).isTrue();
        assertThat(list.allows("OTHER", local)).isFalse();
        assertThat(list.allows("OTHER", other)).isTrue();
        assertThat(list.allows("ANYWHERE", local)).isTrue();
        assertThat(AllowList.ANY.allows("WHOEVER", other)).isTrue();
        assertThatThrownBy(() -> AllowList.parse(List.of("@host"))).hasMessageContaining("not AET@host");
    }
}
