package dev.ferry.testkit.tck;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.spi.DestinationArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * A destination that holds the same instances as another but cannot give its pixel data back as
 * stored: either it cannot read back at all (a STOW-only endpoint), or it delivers the pixel data
 * transcoded (another transfer syntax, other bytes). Pixel verification against it cannot pass.
 * Thread-safe as its delegate is.
 */
final class ReadBackLimitedDestination implements DestinationArchive {
    /** JPEG 2000 Image Compression: what a transcoding archive might return. */
    static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";

    private final DestinationArchive delegate;
    private final boolean readBack;

    private ReadBackLimitedDestination(DestinationArchive delegate, boolean readBack) {
        this.delegate = delegate;
        this.readBack = readBack;
    }

    static ReadBackLimitedDestination withoutReadBack(DestinationArchive delegate) {
        return new ReadBackLimitedDestination(delegate, false);
    }

    static ReadBackLimitedDestination transcoding(DestinationArchive delegate) {
        return new ReadBackLimitedDestination(delegate, true);
    }

    @Override
    public String name() {
        return delegate.name() + (readBack ? "+transcoding" : "+no-read-back");
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        return delegate.describe(studyInstanceUid);
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        return delegate.store(instance);
    }

    @Override
    public boolean supportsReadBack() {
        return readBack;
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        if (!readBack) {
            throw new UnsupportedOperationException(name() + " cannot read instances back");
        }
        return delegate.retrieve(request, i -> {
            byte[] r = encapsulatedLookalike(i.remainder().readAllBytes());
            try (DicomInstance transcoded = new DicomInstance(i.descriptor(), i.header(), JPEG_2000,
                    new ByteArrayInputStream(r), r.length)) {
                consumer.accept(transcoded);
            }
        });
    }

    /** Keeps the Pixel Data tag, makes it OB of undefined length, and scrambles what follows. */
    private static byte[] encapsulatedLookalike(byte[] remainder) {
        byte[] r = remainder.clone();
        if (r.length >= 12) {
            r[4] = 'O';
            r[5] = 'B';
            for (int k = 8; k < 12; k++) {
                r[k] = (byte) 0xFF;
            }
            for (int k = 12; k < r.length; k++) {
                r[k] ^= 0x5A;
            }
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
