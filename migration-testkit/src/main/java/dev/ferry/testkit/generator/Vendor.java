package dev.ferry.testkit.generator;

import dev.ferry.api.VR;
import java.util.List;
import java.util.Map;

/**
 * Three invented manufacturers, each with a model per modality and a private creator of its own
 * (never a real vendor's string) whose block holds a software version, a protocol code and the dose
 * values, each vendor in its own group and VR, as real vendors differ.
 *
 * <p>Thread-safe: constants only.
 */
enum Vendor {
    ACME("ACME MEDICAL SYSTEMS", "ACME IMAGING 3.1", 0x0009, VR.FD, Map.of(
            "CT", "Helix 64", "MR", "Magna 1.5T", "CR", "CR-500", "DX", "DigiRad 2", "US", "Sono 7",
            "MG", "MammoView", "XA", "AngioFlex", "SR", "Helix 64", "PR", "ViewStation", "KO", "ViewStation")),
    ORION("ORION HEALTHCARE", "ORION_RAD_PRIVATE", 0x0019, VR.DS, Map.of(
            "CT", "Vista CT 128", "MR", "Field 3T", "CR", "Capture R", "DX", "Capture D", "US", "EchoLine",
            "MG", "Vista Mammo", "XA", "Arc 20", "SR", "Vista CT 128", "PR", "Vista Reader", "KO", "Vista Reader")),
    ZEPHYR("ZEPHYR SYSTEMS", "ZEPHYR DOSE INFO 1", 0x0043, VR.FL, Map.of(
            "CT", "Z-Scan 16", "MR", "Z-Mag 1.5", "CR", "Z-Plate", "DX", "Z-Flat", "US", "Z-Sound",
            "MG", "Z-Breast", "XA", "Z-Cath", "SR", "Z-Scan 16", "PR", "Z-View", "KO", "Z-View"));

    /** Offsets inside the creator's block (PS3.5 7.8.1). */
    static final int SOFTWARE = 0x01;
    static final int PROTOCOL_CODE = 0x02;
    static final int CTDI_VOL = 0x10;
    static final int DLP = 0x11;
    static final int DAP = 0x12;
    static final int AGD = 0x13;
    /** A sequence holding a raw acquisition blob (OB), where a bad length is planted. */
    static final int RAW_SEQUENCE = 0x40;
    static final int RAW_BLOB = 0x41;

    /** The modalities every vendor has a model for, in a stable order. */
    static final List<String> MODALITIES = List.of("CT", "MR", "CR", "DX", "US", "MG", "XA", "SR", "PR", "KO");

    final String manufacturer;
    final String creator;
    final int group;
    /** The VR the vendor writes dose values in. */
    final VR doseVr;
    private final Map<String, String> models;

    Vendor(String manufacturer, String creator, int group, VR doseVr, Map<String, String> models) {
        this.manufacturer = manufacturer;
        this.creator = creator;
        this.group = group;
        this.doseVr = doseVr;
        this.models = models;
    }

    String model(String modality) {
        return models.get(modality);
    }

    String softwareVersion() {
        return switch (this) {
            case ACME -> "VA20B";
            case ORION -> "4.2.1";
            case ZEPHYR -> "Z1.07";
        };
    }
}
