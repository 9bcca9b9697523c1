package dev.ferry.testkit.simulator;

/**
 * What a {@link LegacyPacsSimulator} (or a {@link StrictDestination}) has done since it started: a
 * snapshot, immutable.
 *
 * @param associationsAccepted DIMSE associations accepted
 * @param associationsRejected DIMSE associations rejected (A-ASSOCIATE-RJ), e.g. beyond max-associations
 * @param associationsAborted associations the simulator aborted (abort-after)
 * @param findRequests C-FIND requests
 * @param moveRequests C-MOVE requests
 * @param getRequests C-GET requests
 * @param instancesSent instances sent by C-MOVE, C-GET and WADO-RS
 * @param instancesDropped instances a retrieval left out (drop) while reporting success
 * @param bytesSent bytes of instances sent
 * @param qidoRequests QIDO-RS requests
 * @param wadoRequests WADO-RS requests (metadata included)
 * @param httpRejected HTTP requests answered 503 beyond max-associations
 * @param connectionsCut HTTP connections cut mid-body (abort-after)
 * @param filesServed files indexed and served
 * @param filesUnreadable files not served: not DICOM, an unreadable header, or no UIDs to serve them by
 * @param filesTruncated served files whose pixel data is shorter than its header declares
 * @param duplicates files not served because an earlier file (in path order) has the same SOP Instance UID
 * @param deltaStudiesReleased delta studies released into the archive
 * @param throttledNanos how long the bandwidth cap made senders wait, by its token bucket's account
 */
public record SimulatorStats(long associationsAccepted, long associationsRejected, long associationsAborted,
                             long findRequests, long moveRequests, long getRequests, long instancesSent,
                             long instancesDropped, long bytesSent, long qidoRequests, long wadoRequests,
                             long httpRejected, long connectionsCut, long filesServed, long filesUnreadable,
                             long filesTruncated, long duplicates, long deltaStudiesReleased, long throttledNanos) {}
