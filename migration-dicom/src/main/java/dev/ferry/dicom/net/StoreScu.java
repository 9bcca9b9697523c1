package dev.ferry.dicom.net;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.dimse.CStoreRq;
import dev.ferry.dicom.net.dimse.CStoreRsp;
import dev.ferry.dicom.net.dimse.Priority;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * C-STORE of Part 10 files as an SCU: what to propose for a set of files, and how to send each one.
 *
 * <p>A file goes as it is on disk (its data set bytes, no re-encoding) when the peer accepted its
 * own transfer syntax; otherwise, between uncompressed syntaxes, it is re-encoded while it streams;
 * a compressed syntax the peer refused is a {@link PermanentMigrationException} naming both
 * syntaxes, never a silent decompression. Stateless and thread-safe.
 */
public final class StoreScu {
    private static final DicomReader READER = DicomReader.standard();
    private static final List<String> NATIVE = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

    private StoreScu() {}

    /**
     * What the start of a file says, enough to propose its context and send it.
     *
     * @param file the file
     * @param sopClassUid SOP Class UID (0008,0016)
     * @param sopInstanceUid SOP Instance UID (0008,0018)
     * @param transferSyntaxUid its transfer syntax
     * @param size the file's size in bytes
     * @param datasetOffset where its data set starts, after preamble and File Meta
     * @param sendableAsIs whether its data set bytes are what its transfer syntax says (not, for
     *     example, an implicit VR data set under an explicit VR syntax), so they can go unchanged
     */
    public record FileInfo(Path file, String sopClassUid, String sopInstanceUid, String transferSyntaxUid, long size,
                           long datasetOffset, boolean sendableAsIs) {}

    /**
     * Reads the header of a file.
     *
     * @throws dev.ferry.dicom.io.DicomParseException if it is not DICOM, naming the file and offset
     * @throws PermanentMigrationException if it has no SOP Class UID or SOP Instance UID
     */
    public static FileInfo inspect(Path file) throws IOException {
        try (DicomObject obj = READER.read(new BufferedInputStream(Files.newInputStream(file), 8192), file.toString())) {
            return info(file, obj);
        }
    }

    private static FileInfo info(Path file, DicomObject obj) throws IOException {
        String cls = uid(obj.header(), Tag.SOPClassUID);
        String inst = uid(obj.header(), Tag.SOPInstanceUID);
        if (cls.isEmpty()) {
            cls = uid(obj.fileMeta(), Tag.MediaStorageSOPClassUID);
        }
        if (inst.isEmpty()) {
            inst = uid(obj.fileMeta(), Tag.MediaStorageSOPInstanceUID);
        }
        if (cls.isEmpty() || inst.isEmpty()) {
            throw new PermanentMigrationException(ReasonCode.INVALID_VALUE, ItemRef.NONE, file
                    + ": no SOP Class UID or SOP Instance UID, so it cannot be stored");
        }
        return new FileInfo(file, cls, inst, obj.transferSyntax().uid(), Files.size(file), obj.datasetOffset(),
                obj.explicitVr() == obj.transferSyntax().isExplicitVr());
    }

    /**
     * A UID element's value, also when a writer gave it VR UN (seen in the wild: the bytes are still
     * the UID, padded with a NUL), or "" if absent or not a UID.
     */
    static String uid(dev.ferry.api.Dataset ds, int tag) {
        if (!ds.contains(tag)) {
            return "";
        }
        String value = ds.vr(tag).isText() ? ds.getString(tag, "")
                : new String(ds.getBytes(tag), java.nio.charset.StandardCharsets.US_ASCII);
        value = value.replace("\0", "").strip();
        return value.matches("[0-9]+(\\.[0-9]+)*") ? value : "";
    }

    /**
     * Proposes a context per SOP class and transfer syntax the files need: a file's own syntax
     * first, then Explicit and Implicit VR Little Endian when it is uncompressed (so a peer that
     * refuses it still gets the file, re-encoded).
     */
    public static void propose(AssociationRequest.Builder request, Collection<FileInfo> files) {
        Map<String, Set<String>> needed = new LinkedHashMap<>();
        for (FileInfo f : files) {
            needed.computeIfAbsent(f.sopClassUid(), k -> new LinkedHashSet<>()).add(f.transferSyntaxUid());
        }
        for (Map.Entry<String, Set<String>> e : needed.entrySet()) {
            for (String ts : e.getValue()) {
                if (request.proposes(e.getKey(), ts)) {
                    continue;
                }
                List<String> list = new ArrayList<>();
                list.add(ts);
                if (!TransferSyntax.of(ts).isEncapsulated()) {
                    for (String n : NATIVE) {
                        if (!list.contains(n)) {
                            list.add(n);
                        }
                    }
                }
                request.addContext(e.getKey(), list);
            }
        }
    }

    /** Stores one file with a new Message ID and medium priority. */
    public static CStoreRsp store(Association as, FileInfo file) throws IOException {
        return store(as, file, null, null);
    }

    /**
     * Stores one file, naming the C-MOVE it serves if {@code moveOriginatorAeTitle} is given.
     *
     * @throws PermanentMigrationException with {@link ReasonCode#TRANSFER_SYNTAX_REFUSED} if no
     *     accepted context can carry it (both syntaxes named)
     */
    public static CStoreRsp store(Association as, FileInfo file, String moveOriginatorAeTitle,
                                  Integer moveOriginatorMessageId) throws IOException {
        PresentationContext exact = as.presentationContext(file.sopClassUid(), file.transferSyntaxUid()).orElse(null);
        PresentationContext pc = exact != null ? exact : fallback(as, file);
        CStoreRq rq = new CStoreRq(as.nextMessageId(), file.sopClassUid(), file.sopInstanceUid(), Priority.MEDIUM,
                moveOriginatorAeTitle, moveOriginatorMessageId);
        TransferSyntax target = TransferSyntax.of(pc.transferSyntax());
        if (exact != null && file.sendableAsIs()) {
            // The data set as it is in the file: seek past preamble and File Meta, and let the PDU
            // buffer read it. No parse.
            return as.store(pc, rq, out -> {
                try (FileChannel ch = FileChannel.open(file.file(), StandardOpenOption.READ)) {
                    ch.position(file.datasetOffset());
                    ((PDataOutputStream) out).writeFrom(Channels.newInputStream(ch));
                }
                padDeflated(out, target);
            });
        }
        return as.store(pc, rq, out -> {
            try (FileChannel ch = FileChannel.open(file.file(), StandardOpenOption.READ);
                 DicomObject obj = READER.read(new BufferedInputStream(Channels.newInputStream(ch), 8192),
                         file.file().toString())) {
                TransferSyntax from = obj.transferSyntax();
                boolean asIs = from.uid().equals(target.uid()) && obj.explicitVr() == from.isExplicitVr();
                if (asIs) {
                    // The data set as it is in the file: seek past preamble and File Meta, and let
                    // the PDU buffer read it.
                    ch.position(obj.datasetOffset());
                    ((PDataOutputStream) out).writeFrom(Channels.newInputStream(ch));
                } else {
                    DicomWriter.writeBody(out, obj.header(), target, obj.remainder(), from, ItemRef.NONE);
                }
            }
            padDeflated(out, target);
        });
    }

    /**
     * A deflated data set of odd length gets one trailing zero byte: peers such as dcmtk refuse
     * odd-length fragments, and an inflater stops at the end of the deflate stream, before the pad
     * (PS3.5 A.5 pads deflated data sets to even length the same way).
     */
    private static void padDeflated(java.io.OutputStream out, TransferSyntax ts) throws IOException {
        if (ts.isDeflated() && (((PDataOutputStream) out).written() & 1) != 0) {
            out.write(0);
        }
    }

    private static PresentationContext fallback(Association as, FileInfo file) {
        return fallback(as, file.sopClassUid(), file.transferSyntaxUid(), ItemRef.NONE, file.file().toString());
    }

    /**
     * An accepted context that can carry an object of {@code sopClass} in {@code ts} by re-encoding
     * between uncompressed syntaxes.
     *
     * @throws PermanentMigrationException {@link ReasonCode#REFUSED} if the peer accepted no
     *     context for the SOP class of an uncompressed object, {@link ReasonCode#TRANSFER_SYNTAX_REFUSED}
     *     naming the syntaxes if it accepted none for a compressed one or accepted the class only in
     *     syntaxes the object cannot be re-encoded to
     */
    static PresentationContext fallback(Association as, String sopClass, String ts, ItemRef item, String what) {
        TransferSyntax own = TransferSyntax.of(ts);
        List<String> accepted = new ArrayList<>();
        for (PresentationContext pc : as.presentationContexts()) {
            if (pc.abstractSyntax().equals(sopClass)) {
                accepted.add(pc.transferSyntax());
                if (!own.isEncapsulated() && !TransferSyntax.of(pc.transferSyntax()).isEncapsulated()) {
                    return pc;
                }
            }
        }
        if (accepted.isEmpty()) {
            // An uncompressed object was proposed in every native syntax: refusing them all is
            // refusing the SOP class. A compressed one was proposed in its own syntax only.
            throw new PermanentMigrationException(own.isEncapsulated() ? ReasonCode.TRANSFER_SYNTAX_REFUSED
                    : ReasonCode.REFUSED, item, as.remoteAeTitle() + " accepted no presentation context for SOP class "
                    + sopClass + " (" + UID.nameOf(sopClass) + ") with " + own.keyword() + " (" + own.uid() + ") or"
                    + " any syntax Ferry could re-encode it to, so " + what + " cannot be stored there");
        }
        throw new PermanentMigrationException(ReasonCode.TRANSFER_SYNTAX_REFUSED, item, as.remoteAeTitle()
                + " refused " + own.keyword() + " (" + own.uid() + ") for " + what + " and accepted only "
                + accepted + "; Ferry does not decompress or recompress pixel data");
    }

    /**
     * Stores one instance in flight: its header as it is now and its remainder, streamed, in the
     * instance's own transfer syntax if the peer accepted it for the SOP class, else re-encoded to an
     * accepted uncompressed one. The remainder is consumed.
     *
     * @throws PermanentMigrationException {@link ReasonCode#REFUSED} if the peer accepted no
     *     context for its SOP class, {@link ReasonCode#TRANSFER_SYNTAX_REFUSED} (both syntaxes
     *     named) if only a re-encoding that needs decompression would do
     */
    public static CStoreRsp store(Association as, DicomInstance instance, Priority priority) throws IOException {
        InstanceDescriptor d = instance.descriptor();
        String ts = instance.transferSyntaxUid();
        PresentationContext pc = as.presentationContext(d.sopClassUid(), ts)
                .orElseGet(() -> fallback(as, d.sopClassUid(), ts, d.ref(), "instance " + d.sopInstanceUid()));
        TransferSyntax target = TransferSyntax.of(pc.transferSyntax());
        CStoreRq rq = new CStoreRq(as.nextMessageId(), d.sopClassUid(), d.sopInstanceUid(), priority, null, null);
        return as.store(pc, rq, out -> {
            DicomWriter.writeBody(out, instance.header(), target, instance.remainder(), TransferSyntax.of(ts), d.ref());
            padDeflated(out, target);
        });
    }

    /** The files under {@code paths} (folders walked), in a stable order. */
    public static List<Path> files(Collection<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (var s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** An InputStream over nothing, to satisfy a type. */
    static InputStream none() {
        return InputStream.nullInputStream();
    }
}
