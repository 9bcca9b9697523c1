package dev.ferry.core.report;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Instance records counted per study, spooled to a file while the instance records stream past in
 * study order, then read back in the same order while the studies stream past: per-study sums over
 * tens of millions of records without holding one entry per study in memory. Not thread-safe.
 */
final class StudyTallies {
    /** One study's instance records. */
    record Tally(String studyInstanceUid, long instances, long bytes) {}

    private StudyTallies() {}

    /** Writes tallies; give it the records in study order. */
    static final class Writer implements AutoCloseable {
        private final DataOutputStream out;
        private String study;
        private long instances;
        private long bytes;

        Writer(Path file) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }

        void add(String studyInstanceUid, long size) throws IOException {
            if (!studyInstanceUid.equals(study)) {
                flush();
                study = studyInstanceUid;
            }
            instances++;
            bytes += size;
        }

        private void flush() throws IOException {
            if (study != null) {
                out.writeUTF(study);
                out.writeLong(instances);
                out.writeLong(bytes);
            }
            study = null;
            instances = 0;
            bytes = 0;
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                out.close();
            }
        }
    }

    /** Reads tallies back, in the order they were written. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private Tally head;

        Reader(Path file) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            head = read();
        }

        /** The next tally, not consumed; {@code null} at the end. */
        Tally peek() {
            return head;
        }

        Tally next() throws IOException {
            Tally t = head;
            head = read();
            return t;
        }

        private Tally read() throws IOException {
            String uid;
            try {
                uid = in.readUTF();
            } catch (EOFException end) {
                return null;
            }
            return new Tally(uid, in.readLong(), in.readLong());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
