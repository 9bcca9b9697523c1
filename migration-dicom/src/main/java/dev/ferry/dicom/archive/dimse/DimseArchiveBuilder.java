package dev.ferry.dicom.archive.dimse;

import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.dimse.Priority;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The options {@link DimseSource.Builder} and {@link DimseDestination.Builder} share: the name,
 * Ferry's AE title, its own Storage SCP for C-MOVE, the association options, how many associations
 * and how long to wait for one, the DIMSE priority, and additions to every association request.
 * Each builder validates what it is given and names the option it refuses. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class DimseArchiveBuilder<B extends DimseArchiveBuilder<B>> {
    final RemoteAe peer;
    String name;
    String callingAeTitle = "FERRY";
    RemoteAe moveTo;
    AssociationOptions options = AssociationOptions.defaults();
    int maxAssociations;
    Duration borrowTimeout = Duration.ofMinutes(10);
    Priority priority = Priority.MEDIUM;
    Consumer<AssociationRequest.Builder> customizer = rq -> { };

    DimseArchiveBuilder(RemoteAe peer, int defaultMaxAssociations) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.maxAssociations = defaultMaxAssociations;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** What {@code name()} returns; default {@code dimse:AET@host:port}. */
    public B name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        this.name = name;
        return self();
    }

    /** Ferry's AE title on its associations to the archive; default FERRY. */
    public B callingAeTitle(String aeTitle) {
        this.callingAeTitle = RemoteAe.requireAeTitle(aeTitle, "callingAeTitle");
        return self();
    }

    /**
     * Retrieves (or reads back) by C-MOVE to Ferry's own Storage SCP: {@code local}'s AE title is
     * the move destination, and it listens on {@code local}'s host and port (the archive must know
     * all three; port 0 picks a free one, for tests). Without it, instances are retrieved by C-GET.
     */
    public B moveTo(RemoteAe local) {
        this.moveTo = Objects.requireNonNull(local, "moveTo");
        return self();
    }

    /**
     * Adds to every association request, after Ferry's own contexts: a user identity, say
     * ({@code rq -> rq.userIdentity(...)}).
     */
    public B requestCustomizer(Consumer<AssociationRequest.Builder> c) {
        this.customizer = Objects.requireNonNull(c, "requestCustomizer");
        return self();
    }

    /** Timeouts, PDU sizes, TLS and metrics of every association; default {@link AssociationOptions#defaults()}. */
    public B options(AssociationOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return self();
    }

    /** The most associations open to the archive at once, 1 to 64; each builder says its default. */
    public B maxAssociations(int n) {
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("maxAssociations must be 1 to 64: " + n);
        }
        this.maxAssociations = n;
        return self();
    }

    /** How long a caller waits for a free association before a PEER_BUSY failure; default 10 minutes. */
    public B borrowTimeout(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("borrowTimeout must be positive: " + d);
        }
        this.borrowTimeout = d;
        return self();
    }

    /** The DIMSE priority of every request; default MEDIUM. */
    public B priority(Priority priority) {
        this.priority = Objects.requireNonNull(priority, "priority");
        return self();
    }

    /** The name given, or {@code dimse:AET@host:port}. */
    String nameOrDefault() {
        return name != null ? name : "dimse:" + peer;
    }

    /** Ferry's Storage SCP for C-MOVE, started, or {@code null} without {@link #moveTo}. */
    MoveReceiver startReceiver(int maxAssociations) throws IOException {
        return moveTo == null ? null : new MoveReceiver(moveTo, options, maxAssociations);
    }

    /** The queries and retrievals to the archive: by C-MOVE through {@code receiver}, or by C-GET without one. */
    DimsePeer peer(MoveReceiver receiver) {
        return new DimsePeer(peer, callingAeTitle, options, maxAssociations, borrowTimeout, priority,
                receiver == null ? DimsePeer.Method.C_GET : DimsePeer.Method.C_MOVE, receiver,
                DimsePeer.GET_TRANSFER_SYNTAXES, customizer);
    }
}
