package dev.ferry.testkit.tck;

import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.testkit.SyntheticInstance;
import java.util.List;
import java.util.function.Consumer;

/** What the kits add to synthetic headers so that private elements and sequences are exercised too. Stateless. */
final class Fixtures {
    /** A private element every decorated header carries: (0029,xx10) of creator {@code FERRY TCK}. */
    static final PrivateTag PRIVATE_NOTE = new PrivateTag("FERRY TCK", 0x0029, 0x10);

    private Fixtures() {}

    /** Adds a private element and a Request Attributes Sequence item to each instance's header. */
    static SyntheticInstance.Builder decorate(SyntheticInstance.Builder b) {
        return b.header(Fixtures::decorate);
    }

    static void decorate(Dataset h) {
        h.setString(h.reserve(PRIVATE_NOTE), VR.LO, "kept by every archive");
        String accession = h.getString(Tag.AccessionNumber, "");
        Dataset item = h.newSequence(Tag.RequestAttributesSequence).addItem();
        item.setString(Tag.RequestedProcedureID, VR.SH, "RP" + Math.abs(accession.hashCode() % 100000));
        item.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS1");
    }

    /**
     * For an SR header (Modality SR), references to {@code images} (SOP class, series and SOP Instance
     * UIDs) as an SR holds them: in the Current Requested Procedure Evidence Sequence, by series, and
     * as IMAGE content items of the Content Sequence, nested one container deep; plus, in the evidence
     * only, {@code elsewhere}, an instance of another study. Other headers are left as they are.
     */
    static Consumer<Dataset> srReferences(String studyUid, String seriesUid, String sopClassUid, List<String> images,
                                          String elsewhereStudyUid, String elsewhere) {
        return h -> {
            if (!"SR".equals(h.getString(Tag.Modality, ""))) {
                return;
            }
            Dataset.Sequence evidence = h.newSequence(Tag.CurrentRequestedProcedureEvidenceSequence);
            Dataset here = evidence.addItem();
            here.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
            Dataset series = here.newSequence(Tag.ReferencedSeriesSequence).addItem();
            series.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
            Dataset.Sequence sops = series.newSequence(Tag.ReferencedSOPSequence);
            for (String sop : images) {
                sops.addItem().setString(Tag.ReferencedSOPClassUID, VR.UI, sopClassUid)
                        .setString(Tag.ReferencedSOPInstanceUID, VR.UI, sop);
            }
            Dataset other = evidence.addItem();
            other.setString(Tag.StudyInstanceUID, VR.UI, elsewhereStudyUid);
            Dataset otherSeries = other.newSequence(Tag.ReferencedSeriesSequence).addItem();
            otherSeries.setString(Tag.SeriesInstanceUID, VR.UI, elsewhereStudyUid + ".1");
            otherSeries.newSequence(Tag.ReferencedSOPSequence).addItem()
                    .setString(Tag.ReferencedSOPClassUID, VR.UI, sopClassUid)
                    .setString(Tag.ReferencedSOPInstanceUID, VR.UI, elsewhere);
            Dataset container = h.newSequence(Tag.ContentSequence).addItem();
            container.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
            container.setString(Tag.ValueType, VR.CS, "CONTAINER");
            Dataset.Sequence content = container.newSequence(Tag.ContentSequence);
            for (String sop : images) {
                Dataset image = content.addItem();
                image.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
                image.setString(Tag.ValueType, VR.CS, "IMAGE");
                image.newSequence(Tag.ReferencedSOPSequence).addItem()
                        .setString(Tag.ReferencedSOPClassUID, VR.UI, sopClassUid)
                        .setString(Tag.ReferencedSOPInstanceUID, VR.UI, sop);
            }
        };
    }
}
