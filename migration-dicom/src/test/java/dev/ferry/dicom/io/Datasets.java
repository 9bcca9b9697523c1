package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import java.util.Arrays;
import java.util.List;

/** Views of a {@link Dataset} that state what an encoding is allowed to change. */
final class Datasets {
    private Datasets() {}

    /**
     * A deep copy with every binary value of odd length padded with a NUL byte, as any writer must
     * (PS3.5 section 7.1.1): what a data set that was read with odd lengths reads back as.
     * Text values need no change: their padding is not part of the value.
     */
    static Dataset padOddValues(Dataset ds) {
        Dataset copy = ds.copy();
        padInPlace(copy);
        return copy;
    }

    private static void padInPlace(Dataset ds) {
        for (int i = 0; i < ds.size(); i++) {
            Dataset.Sequence seq = ds.sequenceAt(i);
            if (seq != null) {
                seq.forEach(Datasets::padInPlace);
            } else if (ds.fragmentsAt(i) == null && !ds.vrAt(i).isText()) {
                byte[] v = ds.encodedValueAt(i);
                if ((v.length & 1) != 0) {
                    ds.setBytes(ds.tagAt(i), ds.vrAt(i), Arrays.copyOf(v, v.length + 1));
                }
            }
        }
    }

    /**
     * A deep copy with each element's VR replaced by the one Implicit VR Little Endian implies (the
     * dictionary's; UN for private data elements): what a data set reads back as from implicit VR.
     */
    static Dataset withImplicitVrs(Dataset ds) {
        Dataset copy = ds.copy();
        implicitInPlace(copy);
        return copy;
    }

    private static void implicitInPlace(Dataset ds) {
        for (int i = 0; i < ds.size(); i++) {
            Dataset.Sequence seq = ds.sequenceAt(i);
            if (seq != null) {
                seq.forEach(Datasets::implicitInPlace);
            } else if (ds.fragmentsAt(i) == null) {
                VR implied = ElementDictionary.standard().vrOf(ds.tagAt(i));
                if (implied != ds.vrAt(i)) {
                    ds.setBytes(ds.tagAt(i), implied, ds.encodedValueAt(i).clone());
                }
            }
        }
    }

    /** Every text value in the data set and its items, decoded, into {@code out}. */
    static void textValues(Dataset ds, List<String> out) {
        for (int i = 0; i < ds.size(); i++) {
            Dataset.Sequence seq = ds.sequenceAt(i);
            if (seq != null) {
                for (Dataset item : seq) {
                    textValues(item, out);
                }
            } else if (ds.vrAt(i).isText()) {
                out.add(ds.getString(ds.tagAt(i)));
            }
        }
    }
}
