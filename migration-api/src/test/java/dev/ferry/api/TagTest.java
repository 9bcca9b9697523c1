package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagTest {

    @Test
    void constantsMatchThePs36Registry() {
        assertThat(Tag.FileMetaInformationGroupLength).isEqualTo(0x00020000);
        assertThat(Tag.TransferSyntaxUID).isEqualTo(0x00020010);
        assertThat(Tag.SpecificCharacterSet).isEqualTo(0x00080005);
        assertThat(Tag.SOPClassUID).isEqualTo(0x00080016);
        assertThat(Tag.SOPInstanceUID).isEqualTo(0x00080018);
        assertThat(Tag.StudyDate).isEqualTo(0x00080020);
        assertThat(Tag.StudyTime).isEqualTo(0x00080030);
        assertThat(Tag.AccessionNumber).isEqualTo(0x00080050);
        assertThat(Tag.IssuerOfAccessionNumberSequence).isEqualTo(0x00080051);
        assertThat(Tag.Modality).isEqualTo(0x00080060);
        assertThat(Tag.ModalitiesInStudy).isEqualTo(0x00080061);
        assertThat(Tag.PatientName).isEqualTo(0x00100010);
        assertThat(Tag.PatientID).isEqualTo(0x00100020);
        assertThat(Tag.IssuerOfPatientID).isEqualTo(0x00100021);
        assertThat(Tag.PatientBirthDate).isEqualTo(0x00100030);
        assertThat(Tag.PatientSex).isEqualTo(0x00100040);
        assertThat(Tag.StudyInstanceUID).isEqualTo(0x0020000D);
        assertThat(Tag.SeriesInstanceUID).isEqualTo(0x0020000E);
        assertThat(Tag.SeriesNumber).isEqualTo(0x00200011);
        assertThat(Tag.InstanceNumber).isEqualTo(0x00200013);
        assertThat(Tag.Rows).isEqualTo(0x00280010);
        assertThat(Tag.Columns).isEqualTo(0x00280011);
        assertThat(Tag.ModifiedAttributesSequence).isEqualTo(0x04000550);
        assertThat(Tag.OriginalAttributesSequence).isEqualTo(0x04000561);
        assertThat(Tag.PixelData).isEqualTo(0x7FE00010);
        assertThat(Tag.Item).isEqualTo(0xFFFEE000);
        assertThat(Tag.ItemDelimitationItem).isEqualTo(0xFFFEE00D);
        assertThat(Tag.SequenceDelimitationItem).isEqualTo(0xFFFEE0DD);
    }

    @Test
    void repeatingGroupsAreGivenAtTheirFirstGroup() {
        assertThat(Tag.OverlayRows).isEqualTo(0x60000010);
    }

    @Test
    void holdsOnlyDistinctIntConstants() throws IllegalAccessException {
        Map<Integer, String> seen = new HashMap<>();
        for (Field f : Tag.class.getDeclaredFields()) {
            int m = f.getModifiers();
            assertThat(Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m)).as(f.getName()).isTrue();
            assertThat(f.getType()).as(f.getName()).isEqualTo(int.class);
            String previous = seen.put(f.getInt(null), f.getName());
            assertThat(previous).as("%s and %s share a tag, so keyword lookup is ambiguous", previous, f.getName())
                    .isNull();
        }
        assertThat(Tag.class.getDeclaredConstructors()).allMatch(c -> Modifier.isPrivate(c.getModifiers()));
    }
}
