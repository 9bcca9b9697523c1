package dev.ferry.dicom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A transfer syntax and the facts a codec needs about it: whether the data set has explicit VRs,
 * is big endian or deflated, and whether Pixel Data is encapsulated in fragments (PS3.5 section A.4).
 *
 * <p>{@link #all()} holds every transfer syntax of the PS3.6 UID registry, each with its facts.
 * {@link #of(String)} also answers for a UID the registry does not know (a private transfer syntax
 * or one from a newer edition of the standard) with an <em>unknown</em> transfer syntax read as
 * Explicit VR Little Endian with encapsulated Pixel Data. That is the safe reading: PS3.5 section 10
 * and Annex A define every standard transfer syntax other than the few native ones below as Explicit
 * VR Little Endian with Pixel Data encapsulated (Annex A.4), so any transfer syntax not known to be
 * native is assumed to be one of those. The editions since the one this registry was generated
 * from have only added such transfer syntaxes (HTJ2K, JPEG XL, ...), which this reading handles.
 *
 * <p>Native (not encapsulated) are: Implicit VR Little Endian and the retired Papyrus 3 Implicit VR
 * Little Endian; Explicit VR Little Endian; the retired Explicit VR Big Endian; Deflated Explicit VR
 * Little Endian; and those whose data set carries no Pixel Data to encapsulate: JPIP Referenced and
 * JPIP Referenced Deflate (pixels fetched by URL, PS3.5 A.6 and A.7), SMPTE ST 2110 (pixels and audio
 * in a separate real-time flow, PS3.5 A.8 to A.10), and the retired pseudo transfer syntaxes
 * RFC 2557 MIME Encapsulation and XML Encoding.
 *
 * <p>Instances are immutable and thread-safe; those of the registry are single instances, so the
 * constants below can be compared with {@code ==} to the result of {@link #of(String)}. Two instances
 * are equal when their UIDs are.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part05/chapter_10.html">PS3.5 chapter 10</a>
 */
public final class TransferSyntax {
    private static final Map<String, TransferSyntax> REGISTRY = new HashMap<>();
    private static final List<TransferSyntax> ALL;

    static {
        List<TransferSyntax> all = new ArrayList<>();
        for (UidRegistry.Row r : UidRegistry.rows()) {
            if (r.type().equals("Transfer Syntax")) {
                TransferSyntax ts = describe(r);
                REGISTRY.put(ts.uid, ts);
                all.add(ts);
            }
        }
        ALL = Collections.unmodifiableList(all);
    }

    /**
     * GE's private "Implicit VR Big Endian" (1.2.840.113619.5.2), written by older GE scanners and
     * workstations and still held by archives fed by them: the data set is Implicit VR Little Endian,
     * but native Pixel Data is in big-endian byte order. Not in PS3.6, so not in {@link #all()}; known
     * to {@link #of(String)} so that such objects are read, and re-encoded to a standard transfer
     * syntax, correctly rather than as an unknown (explicit, encapsulated) one.
     */
    public static final TransferSyntax GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN = privateSyntax(
            new TransferSyntax("1.2.840.113619.5.2", "GEPrivateImplicitVRBigEndian", "GE Private Implicit VR Big Endian",
                    false, false, true, false, false, false, false));

    /** Implicit VR Little Endian: the default transfer syntax of DICOM (PS3.5 A.1). */
    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN = known(UID.ImplicitVRLittleEndian);
    /** Explicit VR Little Endian (PS3.5 A.2). */
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN = known(UID.ExplicitVRLittleEndian);
    /** Encapsulated Uncompressed Explicit VR Little Endian: uncompressed frames in fragments (PS3.5 A.4). */
    public static final TransferSyntax ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN =
            known(UID.EncapsulatedUncompressedExplicitVRLittleEndian);
    /** Deflated Explicit VR Little Endian: the whole data set deflated (PS3.5 A.5). */
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = known(UID.DeflatedExplicitVRLittleEndian);
    /** Explicit VR Big Endian (PS3.5 A.3), retired. */
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN = known(UID.ExplicitVRBigEndian);
    /** Papyrus 3 Implicit VR Little Endian, retired; still found in old archives. */
    public static final TransferSyntax PAPYRUS_3_IMPLICIT_VR_LITTLE_ENDIAN = known(UID.Papyrus3ImplicitVRLittleEndian);
    /** JPEG Baseline (Process 1): lossy 8-bit JPEG. */
    public static final TransferSyntax JPEG_BASELINE = known(UID.JPEGBaseline8Bit);
    /** JPEG Extended (Process 2 and 4): lossy 12-bit JPEG. */
    public static final TransferSyntax JPEG_EXTENDED = known(UID.JPEGExtended12Bit);
    /** JPEG Lossless, Non-Hierarchical (Process 14). */
    public static final TransferSyntax JPEG_LOSSLESS = known(UID.JPEGLossless);
    /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1). */
    public static final TransferSyntax JPEG_LOSSLESS_SV1 = known(UID.JPEGLosslessSV1);
    /** JPEG-LS Lossless. */
    public static final TransferSyntax JPEG_LS_LOSSLESS = known(UID.JPEGLSLossless);
    /** JPEG-LS Lossy (Near-Lossless). */
    public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS = known(UID.JPEGLSNearLossless);
    /** JPEG 2000 (Lossless Only). */
    public static final TransferSyntax JPEG_2000_LOSSLESS = known(UID.JPEG2000Lossless);
    /** JPEG 2000, lossy or lossless. */
    public static final TransferSyntax JPEG_2000 = known(UID.JPEG2000);
    /** JPEG 2000 Part 2 Multi-component (Lossless Only). */
    public static final TransferSyntax JPEG_2000_MC_LOSSLESS = known(UID.JPEG2000MCLossless);
    /** JPEG 2000 Part 2 Multi-component. */
    public static final TransferSyntax JPEG_2000_MC = known(UID.JPEG2000MC);
    /** JPIP Referenced: Pixel Data replaced by a JPIP URL. */
    public static final TransferSyntax JPIP_REFERENCED = known(UID.JPIPReferenced);
    /** JPIP Referenced Deflate: as {@link #JPIP_REFERENCED}, data set deflated. */
    public static final TransferSyntax JPIP_REFERENCED_DEFLATE = known(UID.JPIPReferencedDeflate);
    /** MPEG2 Main Profile / Main Level. */
    public static final TransferSyntax MPEG2_MPML = known(UID.MPEG2MPML);
    /** MPEG2 Main Profile / High Level. */
    public static final TransferSyntax MPEG2_MPHL = known(UID.MPEG2MPHL);
    /** MPEG-4 AVC/H.264 High Profile / Level 4.1. */
    public static final TransferSyntax MPEG4_HP41 = known(UID.MPEG4HP41);
    /** MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1. */
    public static final TransferSyntax MPEG4_HP41_BD = known(UID.MPEG4HP41BD);
    /** MPEG-4 AVC/H.264 High Profile / Level 4.2 for 2D video. */
    public static final TransferSyntax MPEG4_HP42_2D = known(UID.MPEG4HP422D);
    /** MPEG-4 AVC/H.264 High Profile / Level 4.2 for 3D video. */
    public static final TransferSyntax MPEG4_HP42_3D = known(UID.MPEG4HP423D);
    /** MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2. */
    public static final TransferSyntax MPEG4_HP42_STEREO = known(UID.MPEG4HP42STEREO);
    /** HEVC/H.265 Main Profile / Level 5.1. */
    public static final TransferSyntax HEVC_MP51 = known(UID.HEVCMP51);
    /** HEVC/H.265 Main 10 Profile / Level 5.1. */
    public static final TransferSyntax HEVC_M10P51 = known(UID.HEVCM10P51);
    /** RLE Lossless (PS3.5 Annex G). */
    public static final TransferSyntax RLE_LOSSLESS = known(UID.RLELossless);
    /** SMPTE ST 2110-20 Uncompressed Progressive Active Video (DICOM-RTV metadata). */
    public static final TransferSyntax SMPTE_ST_2110_20_PROGRESSIVE =
            known(UID.SMPTEST211020UncompressedProgressiveActiveVideo);
    /** SMPTE ST 2110-20 Uncompressed Interlaced Active Video (DICOM-RTV metadata). */
    public static final TransferSyntax SMPTE_ST_2110_20_INTERLACED =
            known(UID.SMPTEST211020UncompressedInterlacedActiveVideo);
    /** SMPTE ST 2110-30 PCM Digital Audio (DICOM-RTV metadata). */
    public static final TransferSyntax SMPTE_ST_2110_30_PCM = known(UID.SMPTEST211030PCMDigitalAudio);

    private final String uid;
    private final String keyword;
    private final String name;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;
    private final boolean encapsulated;
    private final boolean pixelDataBigEndian;
    private final boolean retired;
    private final boolean known;

    private TransferSyntax(String uid, String keyword, String name, boolean explicitVr, boolean bigEndian,
                           boolean pixelDataBigEndian, boolean deflated, boolean encapsulated, boolean retired,
                           boolean known) {
        this.uid = uid;
        this.keyword = keyword;
        this.name = name;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.pixelDataBigEndian = pixelDataBigEndian;
        this.deflated = deflated;
        this.encapsulated = encapsulated;
        this.retired = retired;
        this.known = known;
    }

    /**
     * The transfer syntax with this UID: the registry's instance, or an unknown one read as Explicit VR
     * Little Endian with encapsulated Pixel Data (see the class comment). Trailing NUL and space
     * padding, which a UI value may carry (PS3.5 section 6.2), is ignored.
     *
     * @throws IllegalArgumentException if the UID is null or empty
     */
    public static TransferSyntax of(String uid) {
        String u = strip(uid);
        TransferSyntax ts = REGISTRY.get(u);
        return ts != null ? ts : new TransferSyntax(u, null, u, true, false, false, false, true, false, false);
    }

    /** Every transfer syntax of the PS3.6 registry, retired ones included, ordered by UID. */
    public static List<TransferSyntax> all() {
        return ALL;
    }

    /** The UID, without padding. */
    public String uid() {
        return uid;
    }

    /** The PS3.6 keyword ({@code "ExplicitVRLittleEndian"}), or {@code null} for an unknown transfer syntax. */
    public String keyword() {
        return keyword;
    }

    /** The PS3.6 name ({@code "Explicit VR Little Endian"}); the UID itself for an unknown transfer syntax. */
    public String name() {
        return name;
    }

    /** Whether data elements carry their VR (every transfer syntax but the implicit-VR ones). */
    public boolean isExplicitVr() {
        return explicitVr;
    }

    /** Whether the data set is big endian (only the retired Explicit VR Big Endian). */
    public boolean isBigEndian() {
        return bigEndian;
    }

    /**
     * Whether native Pixel Data is in big-endian byte order: for Explicit VR Big Endian, and for
     * {@link #GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN}, whose data set is otherwise little endian.
     */
    public boolean isPixelDataBigEndian() {
        return pixelDataBigEndian;
    }

    /** Whether the data set after the file meta information is deflated (RFC 1951, PS3.5 A.5). */
    public boolean isDeflated() {
        return deflated;
    }

    /**
     * Whether Pixel Data is encapsulated: undefined length, an offset table item and fragments
     * (PS3.5 A.4). True for every compressed transfer syntax, for Encapsulated Uncompressed, and for
     * unknown ones.
     */
    public boolean isEncapsulated() {
        return encapsulated;
    }

    /** Whether PS3.6 lists the transfer syntax as retired. */
    public boolean isRetired() {
        return retired;
    }

    /** Whether the transfer syntax is in the PS3.6 registry; false for one made up by {@link #of(String)}. */
    public boolean isKnown() {
        return known;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransferSyntax t && t.uid.equals(uid);
    }

    @Override
    public int hashCode() {
        return uid.hashCode();
    }

    /** {@code "Explicit VR Little Endian (1.2.840.10008.1.2.1)"}. */
    @Override
    public String toString() {
        return keyword != null ? name + " (" + uid + ")" : "unknown transfer syntax " + uid;
    }

    private static TransferSyntax privateSyntax(TransferSyntax ts) {
        REGISTRY.put(ts.uid, ts);
        return ts;
    }

    private static TransferSyntax known(String uid) {
        return Objects.requireNonNull(REGISTRY.get(uid), uid);
    }

    private static String strip(String uid) {
        if (uid == null) {
            throw new IllegalArgumentException("transfer syntax UID is null");
        }
        int end = uid.length();
        while (end > 0 && (uid.charAt(end - 1) == 0 || uid.charAt(end - 1) == ' ')) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("transfer syntax UID is empty");
        }
        return uid.substring(0, end);
    }

    /** The facts of a registered transfer syntax; see the class comment for the native ones. */
    private static TransferSyntax describe(UidRegistry.Row r) {
        boolean explicitVr = true;
        boolean bigEndian = false;
        boolean deflated = false;
        boolean encapsulated = false;
        switch (r.uid()) {
            case UID.ImplicitVRLittleEndian:
            case UID.Papyrus3ImplicitVRLittleEndian:
                explicitVr = false;
                break;
            case UID.ExplicitVRBigEndian:
                bigEndian = true;
                break;
            case UID.DeflatedExplicitVRLittleEndian:
            case UID.JPIPReferencedDeflate:
                deflated = true;
                break;
            case UID.ExplicitVRLittleEndian:
            case UID.JPIPReferenced:
            case UID.SMPTEST211020UncompressedProgressiveActiveVideo:
            case UID.SMPTEST211020UncompressedInterlacedActiveVideo:
            case UID.SMPTEST211030PCMDigitalAudio:
            case UID.RFC2557MIMEEncapsulation:
            case UID.XMLEncoding:
                break;
            default:
                encapsulated = true;
        }
        return new TransferSyntax(r.uid(), r.keyword(), r.name(), explicitVr, bigEndian, bigEndian, deflated,
                encapsulated, r.retired(), true);
    }
}
