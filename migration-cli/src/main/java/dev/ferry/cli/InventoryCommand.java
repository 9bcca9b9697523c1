package dev.ferry.cli;

import dev.ferry.core.Migration;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.state.StateStore;
import dev.ferry.dicom.archive.ArchiveUri;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry inventory --source URI}: the inventory phase alone. */
@Command(name = "inventory",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Counts what a source archive holds and records it in the migration's state.",
        description = {
            "Sweeps the source (C-FIND split by date, hour and modality until complete when the archive caps its "
                    + "results; QIDO-RS; or a folder's files) and records every study in the state store, then "
                    + "prints the counts by modality, tier and year. Run again, it records what is new or changed.",
            "The migration is the one ferry migrate would run with the same --source and --dest (or --name): "
                    + "give --dest too, so that migrate finds this inventory.",
            "Exit status: 0 when the sweep completed, 1 when it could not, 2 for a wrong command line."
        })
final class InventoryCommand extends NetworkCommand {
    @Option(names = "--source", required = true, paramLabel = "URI", converter = ArchiveOptions.UriConverter.class,
            description = "The archive to inventory: folder:PATH, dimse:AET@host:port or dicomweb:URL.")
    ArchiveUri source;

    @Option(names = "--dest", paramLabel = "URI", converter = ArchiveOptions.UriConverter.class,
            description = "The destination of the migration this inventory is for (it is not contacted).")
    ArchiveUri dest;

    @Option(names = "--name", paramLabel = "NAME", description = "The migration's name (default: as ferry migrate derives it).")
    String name;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    ArchiveOptions archive;

    @Mixin
    UserIdentityOptions identity;

    @Mixin
    StateOptions state;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException {
        try (SourceArchive s = archive.openSource(source, network, identity);
                StateStore store = state.open(null)) {
            MigrationPlan plan = MigrationPlan.builder(name != null ? name : MigrateCommand.derivedName(source, dest))
                    .source(s).destination(new Unopened(dest)).build();
            PhaseReport r = Migration.builder(plan, store).build().inventory();
            out.println(json ? r.toJson() : r.toText());
            return OK;
        }
    }

    /** The destination of an inventory: named, never contacted. */
    private record Unopened(ArchiveUri uri) implements DestinationArchive {
        @Override
        public String name() {
            return uri == null ? "(none)" : uri.toString();
        }

        @Override
        public dev.ferry.api.StoreResult store(dev.ferry.api.DicomInstance instance) {
            throw new UnsupportedOperationException("an inventory stores nothing");
        }

        @Override
        public java.util.Optional<dev.ferry.api.StudyManifest> describe(String studyInstanceUid) {
            throw new UnsupportedOperationException("an inventory reads no destination");
        }

        @Override
        public dev.ferry.api.RetrieveResult retrieve(dev.ferry.api.RetrieveRequest request,
                                                      dev.ferry.api.InstanceConsumer consumer) {
            throw new UnsupportedOperationException("an inventory reads no destination");
        }

        @Override
        public void close() {}
    }
}
