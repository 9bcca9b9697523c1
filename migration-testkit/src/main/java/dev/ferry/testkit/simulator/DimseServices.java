package dev.ferry.testkit.simulator;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.DimseHandler;
import dev.ferry.dicom.net.QueryRetrieveScp;
import dev.ferry.dicom.net.QueryRetrieveScp.RetrieveItem;
import dev.ferry.dicom.net.QueryRetrieveScu.InformationModel;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.ScpRequest;
import dev.ferry.dicom.net.dimse.CFindRq;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Query/Retrieve SCP side of a simulator on Ferry's {@link QueryRetrieveScp}: C-FIND at every
 * level of the Study Root and Patient Root models from a {@link QueryEngine}, C-MOVE and C-GET of
 * what it locates, with the faults in force applied: the result cap, the response delay, dropped
 * instances (the retrieval still succeeds, its counts covering what was sent), the bandwidth cap
 * before each sub-operation, and the abort of the requestor's association after every k-th instance.
 * Thread-safe.
 */
final class DimseServices implements QueryRetrieveScp.QueryProvider, QueryRetrieveScp.RetrieveProvider {
    private static final Logger LOG = LoggerFactory.getLogger(DimseServices.class);
    /** The syntaxes the Q/R contexts accept: identifiers are small. */
    static final List<String> NATIVE = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

    private final QueryEngine engine;
    private final ArchiveIndex index;
    private final FaultState faults;
    private final Counters counters;

    DimseServices(QueryEngine engine, ArchiveIndex index, FaultState faults, Counters counters) {
        this.engine = engine;
        this.index = index;
        this.faults = faults;
        this.counters = counters;
    }

    /** Registers C-FIND, C-MOVE and C-GET of both models on {@code b}, C-MOVE destinations from {@code directory}. */
    DicomServer.Builder register(DicomServer.Builder b, Function<String, RemoteAe> directory, AssociationOptions options) {
        for (InformationModel m : List.of(InformationModel.STUDY_ROOT, InformationModel.PATIENT_ROOT)) {
            b.service(m.find(), NATIVE, delayed(QueryRetrieveScp.find(this), counters.findRequests));
            b.service(m.move(), NATIVE, delayed(QueryRetrieveScp.move(this, directory, options),
                    counters.moveRequests));
            b.service(m.get(), NATIVE, delayed(QueryRetrieveScp.get(this), counters.getRequests));
        }
        return b;
    }

    private DimseHandler delayed(DimseHandler handler, AtomicLong count) {
        return request -> {
            count.incrementAndGet();
            faults.delay();
            handler.handle(request);
        };
    }

    @Override
    public void find(Dataset keys, ScpRequest request, Predicate<Dataset> emit) {
        String level = keys.getString(Tag.QueryRetrieveLevel, "").strip();
        boolean studyRoot = request.request() instanceof CFindRq rq
                && !rq.affectedSopClassUid().equals(InformationModel.PATIENT_ROOT.find());
        if (studyRoot && level.equals("PATIENT")) {
            return; // the Study Root model has no patient level: nothing matches
        }
        int n = engine.find(keys, level, faults.get().findCap(), emit);
        LOG.debug("C-FIND at {} level: {} matches", level, n);
    }

    @Override
    public List<RetrieveItem> locate(Dataset keys) {
        Faults f = faults.get();
        List<RetrieveItem> out = new ArrayList<>();
        for (IndexedInstance i : engine.locate(keys)) {
            if (f.drops(i.sopUid())) {
                counters.instancesDropped.incrementAndGet();
                continue;
            }
            out.add(new RetrieveItem(i.sopClassUid(), i.sopUid(), i.file()));
        }
        return out;
    }

    @Override
    public void beforeSubOperation(ScpRequest request, RetrieveItem item) throws IOException {
        faults.throttle(size(item));
    }

    @Override
    public void afterSubOperation(ScpRequest request, RetrieveItem item, Status status) {
        if (status == null) {
            return; // not sent
        }
        counters.instancesSent.incrementAndGet();
        counters.bytesSent.addAndGet(size(item));
        if (faults.sentAndAbort()) {
            counters.associationsAborted.incrementAndGet();
            LOG.info("{}: aborting the association after an instance (abort-after)", request.association());
            request.association().abort();
        }
    }

    private long size(RetrieveItem item) {
        return index.instance(item.sopInstanceUid()).map(IndexedInstance::size).orElse(0L);
    }
}
