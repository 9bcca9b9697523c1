package dev.ferry.dicom.io.fuzz;

import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.ParseWarning;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;

/**
 * What reading any input must come to: a {@link DicomObject} whose remainder can be drained, or a
 * {@link DicomParseException} with an offset inside the input; never another exception, an
 * {@link Error}, or an allocation out of proportion to the input (a length field is not a reason to
 * allocate). Anything else escapes to Jazzer as a finding.
 */
final class ReadCheck {
    /**
     * Allocation any read may make whatever its input: the reader's buffers and the inflater's, the
     * first chunk of a value (64 KiB at most), an exception and its stack trace. Small enough that
     * allocating a claimed length of 1 MiB with nothing behind it is caught.
     */
    static final long ALLOWANCE = 256 << 10;
    /**
     * Allocation per byte of (inflated) input: each element becomes a few objects, and a warning
     * carries a message and a tag path. The seeds allocate 10 to 70 times their size, a Specific
     * Character Set of many values about 150 times.
     */
    static final long PER_BYTE = 1024;
    /**
     * The same while Jazzer fuzzes ({@code JAZZER_FUZZ} set): its hooks then allocate in the
     * reader's thread too, 13 times what the reader itself did for a Specific Character Set of
     * many values (its regular expression hooks above all). Stored inputs (findings, the corpus)
     * run as regression tests against {@link #PER_BYTE}; and a claimed length of 64 MiB allocated
     * as such is far above this for the few KiB the fuzzer feeds in uncompressed.
     */
    static final long PER_BYTE_FUZZING = 8192;

    private static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    private ReadCheck() {}

    /** Reads {@code data} as {@link FuzzInput} with {@code reader} and checks the outcome. */
    static void check(DicomReader reader, byte[] data) throws IOException {
        FuzzInput input = FuzzInput.of(data);
        long budget = ALLOWANCE + (FUZZING ? PER_BYTE_FUZZING : PER_BYTE) * input.logicalLength();
        long used = allocatedBy(reader, input);
        if (used > budget) {
            // Once more, so that what the first read of a kind of input initialised (a character
            // set's tables, a class) does not count.
            used = allocatedBy(reader, input);
            if (used > budget) {
                throw new AssertionError("reading " + input + " allocated " + used + " bytes, more than the "
                        + budget + " allowed for an input of " + input.logicalLength() + " bytes");
            }
        }
    }

    private static long allocatedBy(DicomReader reader, FuzzInput input) throws IOException {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        readAndDrain(reader, input);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static void readAndDrain(DicomReader reader, FuzzInput input) throws IOException {
        try (DicomObject object = reader.read(input.stream(), "fuzz")) {
            for (ParseWarning w : object.warnings()) {
                requireWithin(w.offset(), input, "warning", w.toString());
            }
            drain(object.remainder(), input);
        } catch (DicomParseException e) {
            requireWithin(e.offset(), input, "parse exception", e.getMessage());
            if (e.path() == null || !"fuzz".equals(e.source())) {
                throw new AssertionError("parse exception without path or source: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads the remainder to its end. For a deflated data set it is an inflating stream, and a
     * corrupt deflate stream fails as any stream may, with an {@link IOException}; an uncompressed
     * remainder is bytes handed on, and never fails.
     */
    private static void drain(InputStream remainder, FuzzInput input) throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (remainder.read(buf) >= 0) {
                // Only the reading counts.
            }
        } catch (IOException e) {
            if (!input.mayBeDeflated()) {
                throw e;
            }
        }
    }

    private static void requireWithin(long offset, FuzzInput input, String what, String message) {
        if (offset < 0 || offset > input.logicalLength()) {
            throw new AssertionError(what + " at offset " + offset + ", outside the " + input.logicalLength()
                    + " bytes of " + input + ": " + message);
        }
    }
}
