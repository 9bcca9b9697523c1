package dev.ferry.testkit.tck;

import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.testkit.SyntheticInstance;

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
}
