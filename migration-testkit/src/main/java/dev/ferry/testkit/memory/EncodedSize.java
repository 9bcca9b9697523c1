package dev.ferry.testkit.memory;

import dev.ferry.api.Dataset;

/**
 * The length of a header encoded in Explicit VR Little Endian with defined lengths (PS3.5 7.1.2,
 * 7.5): what the in-memory archive reports as an instance's size, together with its remainder.
 * Stateless.
 */
final class EncodedSize {
    private static final int ITEM_HEADER = 8;

    private EncodedSize() {}

    static long of(Dataset header) {
        long total = 0;
        for (int i = 0; i < header.size(); i++) {
            long elementHeader = header.vrAt(i).hasLongHeader() ? 12 : 8;
            Dataset.Sequence seq = header.sequenceAt(i);
            if (seq != null) {
                long items = 0;
                for (Dataset item : seq) {
                    items += ITEM_HEADER + of(item);
                }
                total += elementHeader + items;
            } else {
                int n = header.encodedValueAt(i).length;
                total += elementHeader + n + (n & 1);
            }
        }
        return total;
    }
}
