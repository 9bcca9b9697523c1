package dev.ferry.spi;

import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * An archive Ferry migrates from: a legacy PACS over DIMSE or DICOMweb, a folder of files, a
 * vendor's own store. Implement it on any toolkit (a vendor already on dcm4che implements it there);
 * the engine sees only this interface. Run the testkit's {@code SourceArchiveConformance} against
 * an implementation to check the contracts below.
 *
 * <p>Thread-safe (see {@link Archive}).
 */
public interface SourceArchive extends Archive {

    /**
     * Lists every study that {@link StudyQuery#matches(StudyDescriptor)}, each exactly once, to
     * {@code sink}, in no particular order, on the calling thread.
     *
     * <p>Completeness is the contract: an archive that caps its results (many legacy PACS silently
     * stop at 500 or 1,000 matches) must page, or split the query (by date down to hours, then by
     * modality) until every slice is complete, and must deduplicate studies that appear in more than
     * one slice. If completeness cannot be reached (a single hour holds more than the cap and the
     * archive cannot be split further), it throws rather than return a partial list.
     *
     * <p>Modalities: a study matches a modality criterion through
     * {@link StudyDescriptor#modalities()}. A source whose archive does not return Modalities in Study
     * (0008,0061) must derive them (from a series-level query, say) whenever the query names a
     * modality; otherwise such studies would silently fall out of the migration.
     *
     * <p>Streaming: studies go to the sink as they are found; an implementation does not collect
     * the whole inventory in memory. The sink must not block for long; it may throw, which aborts
     * the query and propagates.
     *
     * @throws IOException on transport failure (retryable; the whole query may be repeated)
     * @throws dev.ferry.api.MigrationException when completeness cannot be guaranteed, or the peer refuses
     */
    void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException;
}
