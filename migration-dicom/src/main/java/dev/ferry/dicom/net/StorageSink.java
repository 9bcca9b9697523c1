package dev.ferry.dicom.net;

import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a Storage SCP (or a C-GET requestor) puts each received instance: a spool folder
 * ({@link SpoolFolderSink}), or the caller's code. The data set arrives as a stream straight from the
 * socket, so an instance is never held whole in memory unless the sink holds it.
 *
 * <p>Called on the association's thread; a sink shared by several associations must be thread-safe.
 */
@FunctionalInterface
public interface StorageSink {
    /**
     * Stores one instance.
     *
     * @param dataSet the data set, encoded in {@link ReceivedInstance#transferSyntaxUid()}, without
     *     File Meta; what the sink does not read is skipped
     * @return the C-STORE status: {@link Status#SUCCESS}, a warning (B000H coercion, B007H
     *     mismatch, B006H elements discarded) or a failure (A7xxH out of resources, A9xxH data set
     *     does not match SOP class, Cxxx cannot understand)
     * @throws IOException if storing failed: answered A700H (out of resources) unless the
     *     association itself failed
     */
    Status store(ReceivedInstance instance, InputStream dataSet) throws IOException;
}
