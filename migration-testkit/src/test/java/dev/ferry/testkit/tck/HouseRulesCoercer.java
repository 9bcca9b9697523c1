package dev.ferry.testkit.tck;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.spi.TagCoercer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A coercer with three house rules: Institution Name in upper case; the private note (0029,xx10) of
 * creator {@code FERRY TCK} removed; the first Request Attributes item's Requested Procedure ID set
 * to the accession number (the resolved identity's, else the study's). Refuses objects without a
 * Patient ID. Stateless, so thread-safe and deterministic.
 */
class HouseRulesCoercer implements TagCoercer {
    static final PrivateTag PRIVATE_NOTE = new PrivateTag("FERRY TCK", 0x0029, 0x10);

    @Override
    public CoercionOutcome coerce(Dataset header, CoercionContext context) {
        String patientId = header.getString(Tag.PatientID);
        if (patientId == null || patientId.isBlank()) {
            return CoercionOutcome.rejected(ReasonCode.COERCION_REJECTED,
                    "instance " + context.instance().sopInstanceUid() + " has no Patient ID");
        }
        List<TagChange> changes = new ArrayList<>();
        upperCaseInstitution(header, changes);
        removePrivateNote(header, changes);
        setRequestedProcedureId(header, context, changes);
        return CoercionOutcome.applied(changes);
    }

    private static void upperCaseInstitution(Dataset h, List<TagChange> changes) {
        String before = h.getString(Tag.InstitutionName);
        if (before == null) {
            return;
        }
        String upper = before.toUpperCase(Locale.ROOT);
        if (!upper.equals(before)) {
            h.setString(Tag.InstitutionName, VR.LO, upper);
            changes.add(new TagChange(TagPath.of(Tag.InstitutionName), VR.LO, before,
                    h.valueAsText(Tag.InstitutionName), "institution-upper-case"));
        }
    }

    private static void removePrivateNote(Dataset h, List<TagChange> changes) {
        int tag = h.resolve(PRIVATE_NOTE);
        if (tag >= 0 && h.contains(tag)) {
            VR vr = h.vr(tag);
            String before = h.valueAsText(tag);
            h.remove(tag);
            changes.add(new TagChange(TagPath.of(tag), vr, before, null, "drop-private-note"));
        }
    }

    private static void setRequestedProcedureId(Dataset h, CoercionContext context, List<TagChange> changes) {
        Dataset.Sequence requests = h.getSequence(Tag.RequestAttributesSequence);
        String accession = context.identity() != null && !context.identity().accession().isEmpty()
                ? context.identity().accession().number() : context.study().accession().number();
        if (requests == null || requests.isEmpty() || accession.isEmpty()) {
            return;
        }
        Dataset item = requests.get(0);
        String before = item.valueAsText(Tag.RequestedProcedureID);
        if (!accession.equals(before)) {
            item.setString(Tag.RequestedProcedureID, VR.SH, accession);
            changes.add(new TagChange(TagPath.of(Tag.RequestAttributesSequence).child(0, Tag.RequestedProcedureID),
                    VR.SH, before, item.valueAsText(Tag.RequestedProcedureID), "procedure-id-from-accession"));
        }
    }

    @Override
    public String name() {
        return "house-rules";
    }
}
