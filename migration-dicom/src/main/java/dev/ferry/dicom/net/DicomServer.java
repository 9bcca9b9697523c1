package dev.ferry.dicom.net;

import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.dimse.CCancelRq;
import dev.ferry.dicom.net.dimse.CEchoRq;
import dev.ferry.dicom.net.dimse.CEchoRsp;
import dev.ferry.dicom.net.dimse.DimseRequest;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.pdu.Abort;
import dev.ferry.dicom.net.pdu.AbortReason;
import dev.ferry.dicom.net.pdu.AssociateAc;
import dev.ferry.dicom.net.pdu.AssociateRj;
import dev.ferry.dicom.net.pdu.AssociateRq;
import dev.ferry.dicom.net.pdu.AsyncOpsWindow;
import dev.ferry.dicom.net.pdu.Pdu;
import dev.ferry.dicom.net.pdu.PduException;
import dev.ferry.dicom.net.pdu.PduReader;
import dev.ferry.dicom.net.pdu.PresentationContextAc;
import dev.ferry.dicom.net.pdu.PresentationContextRq;
import dev.ferry.dicom.net.pdu.RoleSelection;
import dev.ferry.dicom.net.pdu.UserIdentityAc;
import dev.ferry.dicom.net.pdu.UserIdentityRq;
import dev.ferry.dicom.net.pdu.UserInformation;
import dev.ferry.dicom.io.DicomWriter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SCP: accepts associations on a port for its AE titles, from the peers its {@link AllowList}
 * allows, negotiates the presentation contexts of the services registered, and dispatches each
 * request to the {@link DimseHandler} of its SOP class. C-ECHO is always served. A server with a
 * C-GET service ({@link QueryRetrieveScp#get}) also accepts the storage contexts a requestor proposes
 * with the SCP role (PS3.7 D.3.3.4), to send the C-STORE sub-operations on.
 *
 * <p>Each association runs on its own thread from a bounded pool: at most
 * {@link Builder#maxAssociations} at once; one more is rejected with A-ASSOCIATE-RJ
 * (rejected-transient, local-limit-exceeded), and beyond that connections are closed at once.
 * {@link #close()} stops accepting, aborts the associations still open and waits for their threads.
 *
 * <p>Thread-safe.
 */
public final class DicomServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /** Which transfer syntax an acceptor picks when the requestor proposes several it accepts. */
    public enum TransferSyntaxOrder {
        /** The requestor's first that this SCP accepts (the default: the sender knows what it holds). */
        PROPOSER,
        /** This SCP's first, in the order it lists them, that the requestor proposes. */
        ACCEPTOR
    }

    /**
     * Checks a requestor's user identity (PS3.7 D.3.3.7).
     */
    @FunctionalInterface
    public interface UserIdentityVerifier {
        /**
         * @param identity the identity the requestor sent, or {@code null} if it sent none
         * @return the server response to send if the requestor asked for one (empty for a username;
         *     a Kerberos or SAML server ticket otherwise), or {@code null} to reject the association
         */
        byte[] verify(UserIdentityRq identity, String callingAeTitle, InetAddress address);
    }

    private record Service(List<String> transferSyntaxes, DimseHandler handler) {}

    private final InetSocketAddress bind;
    private final Set<String> aeTitles;
    private final AllowList allowList;
    private final AssociationOptions options;
    private final int maxAssociations;
    private final TransferSyntaxOrder order;
    private final Map<String, Service> services;
    private final Service storage;
    /**
     * Accepts the storage contexts a C-GET requestor proposes with the SCP role, for the C-STORE
     * sub-operations this server sends back (PS3.4 C.4.3, PS3.7 D.3.3.4); null if it serves no C-GET.
     */
    private final Service retrieveStorage;
    private final UserIdentityVerifier identityVerifier;
    private final Semaphore permits;
    private final Set<Association> live = ConcurrentHashMap.newKeySet();
    private final Set<Socket> connecting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final String name;
    private ServerSocket serverSocket;
    private ThreadPoolExecutor pool;
    private java.util.concurrent.ScheduledExecutorService timer;
    private Thread acceptor;
    private volatile boolean closed;

    private DicomServer(Builder b) {
        this.bind = b.bind;
        this.aeTitles = Set.copyOf(b.aeTitles);
        this.allowList = b.allowList;
        this.options = b.options;
        this.maxAssociations = b.maxAssociations;
        this.order = b.order;
        Map<String, Service> map = new LinkedHashMap<>(b.services);
        map.putIfAbsent(UID.Verification, new Service(List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian),
                DicomServer::echo));
        this.services = Map.copyOf(map);
        this.storage = b.storage;
        this.retrieveStorage = services.keySet().stream().anyMatch(DicomServer::isGetSopClass)
                ? new Service(Builder.ALL_TRANSFER_SYNTAXES, r -> r.finish(Responses.UNRECOGNIZED_OPERATION)) : null;
        this.identityVerifier = b.identityVerifier;
        this.permits = new Semaphore(maxAssociations);
        this.name = "scp-" + SERVERS.incrementAndGet();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts accepting.
     *
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if started already
     */
    public DicomServer start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException(name + " is started already");
        }
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        if (options.socketBufferSize() > 0) {
            ss.setReceiveBufferSize(options.socketBufferSize());
        }
        ss.bind(bind, 128);
        serverSocket = ss;
        AtomicInteger threads = new AtomicInteger();
        pool = new ThreadPoolExecutor(0, maxAssociations + 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-assoc-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-artim");
            t.setDaemon(true);
            return t;
        });
        acceptor = new Thread(this::acceptLoop, name + "-accept-" + ss.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("{}: listening on {}:{} for {}", name, ss.getInetAddress().getHostAddress(), ss.getLocalPort(),
                aeTitles.isEmpty() ? "any AE title" : aeTitles);
        return this;
    }

    /** The port listened on (useful when bound to port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** How many associations are open now. */
    public int openAssociations() {
        return live.size();
    }

    /** Associations accepted since start. */
    public int acceptedAssociations() {
        return accepted.get();
    }

    /** Association requests rejected since start. */
    public int rejectedAssociations() {
        return rejected.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return; // shut down
                }
                if (!closed) {
                    LOG.warn("{}: accept failed: {}", name, e.toString());
                    try {
                        Thread.sleep(100); // out of descriptors, say: do not spin
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                continue;
            }
            try {
                pool.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                LOG.warn("{}: too many connections, closing one from {}", name, s.getInetAddress().getHostAddress());
                closeQuietly(s);
            }
        }
    }

    /** Runs one association from its first byte to its end, on a pool thread. */
    private void serve(Socket raw) {
        Socket s = raw;
        connecting.add(raw);
        boolean permit = permits.tryAcquire();
        Association as = null;
        java.util.concurrent.ScheduledFuture<?> artim = null;
        try {
            if (closed) {
                return; // close() may have walked the connections before this one was added
            }
            // ARTIM as one deadline for the whole set-up (TLS handshake and A-ASSOCIATE-RQ), not per
            // read: a peer trickling a byte at a time must not hold a thread and a slot for hours.
            artim = timer.schedule(() -> {
                if (connecting.contains(raw)) {
                    LOG.info("{}: a connection from {} did not complete its association request within {} ms (ARTIM)",
                            name, raw.getInetAddress().getHostAddress(), options.acseTimeout().toMillis());
                    closeQuietly(raw);
                }
            }, options.acseTimeout().toMillis(), TimeUnit.MILLISECONDS);

            Association.configure(s, options);
            s.setSoTimeout((int) options.acseTimeout().toMillis());
            if (options.tls() != null) {
                SSLSocket tls = (SSLSocket) options.tls().context().getSocketFactory().createSocket(s,
                        s.getInetAddress().getHostAddress(), s.getPort(), true);
                tls.setUseClientMode(false);
                options.tls().configure(tls, true);
                tls.startHandshake();
                s = tls;
            }
            PduSender sender = new PduSender(new BufferedOutputStream(s.getOutputStream(), 16 << 10));
            PduReader reader = new PduReader(s.getInputStream(), options.maxPduLengthReceived(),
                    options.maxAssociationPduLength());
            Pdu first;
            try {
                // The header first: anything but an A-ASSOCIATE-RQ is refused before its body is read.
                dev.ferry.dicom.net.pdu.PduHeader header = reader.readHeader();
                if (header == null) {
                    return;
                }
                if (header.type() != dev.ferry.dicom.net.pdu.PduType.ASSOCIATE_RQ) {
                    sendQuietly(sender, Abort.byServiceProvider(AbortReason.UNEXPECTED_PDU));
                    LOG.info("{}: aborted a connection from {} that began with {}", name,
                            raw.getInetAddress().getHostAddress(), header.type());
                    return;
                }
                first = reader.readBody();
            } catch (PduException e) {
                sendQuietly(sender, Abort.byServiceProvider(e.abortReason()));
                LOG.info("{}: aborted a connection from {} before association: {}", name,
                        raw.getInetAddress().getHostAddress(), e.getMessage());
                return;
            }
            if (first == null) {
                return;
            }
            if (!(first instanceof AssociateRq rq)) {
                sendQuietly(sender, Abort.byServiceProvider(AbortReason.UNEXPECTED_PDU));
                LOG.info("{}: aborted a connection from {} that began with {}", name,
                        raw.getInetAddress().getHostAddress(), first.type());
                return;
            }
            Pdu answer = permit ? negotiate(rq, raw.getInetAddress())
                    : new AssociateRj(AssociateRj.Result.REJECTED_TRANSIENT, AssociateRj.Reason.LOCAL_LIMIT_EXCEEDED);
            // Counted before the answer is sent: whoever reads the counts after it sees them.
            if (answer instanceof AssociateRj) {
                rejected.incrementAndGet();
                NetMetrics.of(options.meterRegistry(), false).association("rejected");
            } else {
                accepted.incrementAndGet();
            }
            sender.send(answer);
            if (answer instanceof AssociateRj rj) {
                LOG.info("{}: rejected {} from {}: {}", name, rq.callingAeTitle(), raw.getInetAddress().getHostAddress(),
                        rj.describe());
                return;
            }
            artim.cancel(false);
            as = new Association(s, false, options, rq, (AssociateAc) answer, reader, sender);
            live.add(as);
            connecting.remove(raw);
            if (closed) {
                as.abort();
                return;
            }
            LOG.debug("{}: accepted {}", name, as);
            dispatch(as);
        } catch (SocketTimeoutException e) {
            LOG.info("{}: a connection from {} sent no association request within {} ms (ARTIM)", name,
                    raw.getInetAddress().getHostAddress(), options.acseTimeout().toMillis());
        } catch (AssociationException e) {
            LOG.info("{}: {}", name, e.getMessage());
        } catch (IOException e) {
            LOG.info("{}: connection from {} failed: {}", name, raw.getInetAddress().getHostAddress(), e.toString());
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure serving {}", name, as == null ? raw.getInetAddress().getHostAddress() : as, e);
            if (as != null) {
                as.abortLocally(Abort.byServiceProvider(AbortReason.REASON_NOT_SPECIFIED), e);
            }
        } finally {
            if (artim != null) {
                artim.cancel(false);
            }
            if (as != null) {
                as.abortLocally(Abort.byServiceUser(), null); // no-op when released
                live.remove(as);
            }
            connecting.remove(raw);
            Association.closeQuietly(s);
            closeQuietly(raw);
            if (permit) {
                permits.release();
            }
        }
    }

    /** Receives requests until the peer releases or aborts, or the association fails. */
    private void dispatch(Association as) throws IOException {
        // A handler may end the association itself (release, abort): then there is nothing to receive.
        while (!closed && as.isOpen()) {
            Association.Incoming in = as.receive(options.idleTimeout());
            if (in == null) {
                LOG.debug("{}: released by the peer", as);
                return;
            }
            if (in.message() instanceof CCancelRq) {
                continue; // the operation it cancels has finished
            }
            if (!(in.message() instanceof DimseRequest)) {
                as.abortLocally(Abort.byServiceUser(), null);
                throw new AssociationAbortedException(as + ": aborted, the peer sent a " + in.message().commandField()
                        + " when no request was outstanding", Abort.byServiceUser(), false, null);
            }
            ScpRequest request = new ScpRequest(as, in);
            DimseHandler handler = handlerFor(in.context().abstractSyntax());
            try {
                if (handler == null) {
                    request.finish(Responses.UNRECOGNIZED_OPERATION);
                } else {
                    handler.handle(request);
                }
            } catch (AssociationException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (!as.isOpen()) {
                    throw e;
                }
                LOG.warn("{}: the {} handler for {} failed: {}", as, request.request().commandField(),
                        in.context().abstractSyntax(), e.toString());
                if (in.data() != null) {
                    in.data().close();
                }
                request.finish(Responses.PROCESSING_FAILURE.withErrorComment(e.getClass().getSimpleName()));
                continue;
            }
            if (in.data() != null) {
                in.data().close();
            }
            if (!request.answered()) {
                LOG.warn("{}: the handler for {} sent no final response; answering processing failure", as,
                        in.context().abstractSyntax());
                request.finish(Responses.PROCESSING_FAILURE);
            }
        }
    }

    /** Whether the SOP class is a C-GET model (all PS3.6 keywords of those end in "Get"). */
    private static boolean isGetSopClass(String uid) {
        String keyword = UID.keywordOf(uid);
        return keyword != null && keyword.endsWith("Get");
    }

    private DimseHandler handlerFor(String sopClass) {
        Service s = services.get(sopClass);
        if (s != null) {
            return s.handler();
        }
        return storage != null && UID.isStorageSopClass(sopClass) ? storage.handler() : null;
    }

    private static void echo(ScpRequest request) throws IOException {
        if (request.request() instanceof CEchoRq rq) {
            request.respond(CEchoRsp.to(rq, Status.SUCCESS));
        } else {
            request.finish(Responses.UNRECOGNIZED_OPERATION);
        }
    }

    /** The A-ASSOCIATE-AC or -RJ for a request. */
    Pdu negotiate(AssociateRq rq, InetAddress address) {
        if (!rq.supportsVersion1()) {
            return rj(AssociateRj.Reason.PROTOCOL_VERSION_NOT_SUPPORTED);
        }
        if (!AssociateRq.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return rj(AssociateRj.Reason.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
        }
        if (!aeTitles.isEmpty() && !aeTitles.contains(rq.calledAeTitle())) {
            return rj(AssociateRj.Reason.CALLED_AE_TITLE_NOT_RECOGNIZED);
        }
        if (!allowList.allows(rq.callingAeTitle(), address)) {
            return rj(AssociateRj.Reason.CALLING_AE_TITLE_NOT_RECOGNIZED);
        }
        UserInformation ui = UserInformation.of(options.maxPduLengthReceived(), DicomWriter.IMPLEMENTATION_CLASS_UID,
                DicomWriter.IMPLEMENTATION_VERSION_NAME);
        if (identityVerifier != null) {
            UserIdentityRq identity = rq.userInformation().userIdentityRq().orElse(null);
            byte[] response = identityVerifier.verify(identity, rq.callingAeTitle(), address);
            if (response == null) {
                return rj(AssociateRj.Reason.USER_NO_REASON_GIVEN);
            }
            if (identity != null && identity.positiveResponseRequested()) {
                ui = ui.with(new UserIdentityAc(response));
            }
        }
        if (rq.userInformation().asyncOpsWindow().isPresent()) {
            ui = ui.with(new AsyncOpsWindow(1, 1)); // one operation at a time, each way
        }
        for (RoleSelection r : rq.userInformation().roleSelections()) {
            // Both roles as proposed: a C-GET requestor asks to be SCP of the storage classes.
            ui = ui.with(new RoleSelection(r.sopClassUid(), r.scuRole(), r.scpRole()));
        }
        Set<String> requestorScp = new LinkedHashSet<>();
        for (RoleSelection r : rq.userInformation().roleSelections()) {
            if (r.scpRole()) {
                requestorScp.add(r.sopClassUid());
            }
        }
        List<PresentationContextAc> answers = new ArrayList<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            answers.add(answer(pc, requestorScp));
        }
        return AssociateAc.answering(rq, answers, ui);
    }

    private PresentationContextAc answer(PresentationContextRq pc, Set<String> requestorScp) {
        Service s = services.get(pc.abstractSyntax());
        if (s == null && storage != null && UID.isStorageSopClass(pc.abstractSyntax())) {
            s = storage;
        }
        if (s == null && retrieveStorage != null && requestorScp.contains(pc.abstractSyntax())
                && UID.isStorageSopClass(pc.abstractSyntax())) {
            s = retrieveStorage;
        }
        if (s == null) {
            return PresentationContextAc.rejected(pc.id(), PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        String chosen = null;
        if (order == TransferSyntaxOrder.PROPOSER) {
            for (String ts : pc.transferSyntaxes()) {
                if (s.transferSyntaxes().contains(ts)) {
                    chosen = ts;
                    break;
                }
            }
        } else {
            for (String ts : s.transferSyntaxes()) {
                if (pc.transferSyntaxes().contains(ts)) {
                    chosen = ts;
                    break;
                }
            }
        }
        return chosen == null
                ? PresentationContextAc.rejected(pc.id(), PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED)
                : PresentationContextAc.accepted(pc.id(), chosen);
    }

    private static AssociateRj rj(AssociateRj.Reason reason) {
        return new AssociateRj(AssociateRj.Result.REJECTED_PERMANENT, reason);
    }

    /**
     * Stops accepting, lets the open associations end by themselves for up to {@code grace} (a
     * sender finishing its study), then closes as {@link #close()} does.
     */
    public void shutdown(java.time.Duration grace) throws InterruptedException {
        if (serverSocket != null) {
            closeQuietly(serverSocket);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while ((!live.isEmpty() || !connecting.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        close();
    }

    /**
     * Stops accepting, aborts the open associations and waits up to 10 s for their threads to end.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverSocket != null) {
            closeQuietly(serverSocket);
        }
        for (Association as : live) {
            as.abort();
        }
        for (Socket s : connecting) {
            closeQuietly(s);
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
                if (acceptor != null) {
                    acceptor.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
        LOG.info("{}: closed after {} associations ({} rejected)", name, accepted.get(), rejected.get());
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void sendQuietly(PduSender sender, Pdu pdu) {
        try {
            sender.trySend(pdu, 1000);
        } catch (IOException ignored) {
            // the connection is broken anyway
        }
    }

    /** Builder of {@link DicomServer}; not thread-safe. */
    public static final class Builder {
        /** The transfer syntaxes a storage SCP accepts by default: every one Ferry knows, as it stores them as received. */
        public static final List<String> ALL_TRANSFER_SYNTAXES = allTransferSyntaxes();

        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private final Set<String> aeTitles = new LinkedHashSet<>();
        private AllowList allowList = AllowList.ANY;
        private AssociationOptions options = AssociationOptions.defaults();
        private int maxAssociations = 16;
        private TransferSyntaxOrder order = TransferSyntaxOrder.PROPOSER;
        private final Map<String, Service> services = new LinkedHashMap<>();
        private Service storage;
        private UserIdentityVerifier identityVerifier;

        private Builder() {}

        private static List<String> allTransferSyntaxes() {
            List<String> list = new ArrayList<>();
            list.add(UID.ExplicitVRLittleEndian);
            list.add(UID.ImplicitVRLittleEndian);
            for (TransferSyntax ts : TransferSyntax.all()) {
                if (!list.contains(ts.uid())) {
                    list.add(ts.uid());
                }
            }
            return List.copyOf(list);
        }

        /** Default 127.0.0.1, any free port. */
        public Builder bind(String host, int port) {
            this.bind = new InetSocketAddress(Objects.requireNonNull(host, "host"), port);
            return this;
        }

        /** Adds an AE title this SCP answers to; with none, it answers to any called AE title. */
        public Builder aeTitle(String aeTitle) {
            aeTitles.add(RemoteAe.requireAeTitle(aeTitle, "aeTitle"));
            return this;
        }

        /** Default {@link AllowList#ANY}. */
        public Builder allowList(AllowList list) {
            this.allowList = Objects.requireNonNull(list, "allowList");
            return this;
        }

        public Builder options(AssociationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Default 16. */
        public Builder maxAssociations(int n) {
            if (n < 1 || n > 4096) {
                throw new IllegalArgumentException("maxAssociations must be 1 to 4096: " + n);
            }
            this.maxAssociations = n;
            return this;
        }

        /** Default {@link TransferSyntaxOrder#PROPOSER}. */
        public Builder transferSyntaxOrder(TransferSyntaxOrder order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /**
         * Serves {@code sopClass} with {@code handler}, accepting {@code transferSyntaxes} (in this
         * SCP's order of preference).
         */
        public Builder service(String sopClass, List<String> transferSyntaxes, DimseHandler handler) {
            Objects.requireNonNull(sopClass, "sopClass");
            if (transferSyntaxes.isEmpty()) {
                throw new IllegalArgumentException("transferSyntaxes: " + sopClass + " needs at least one");
            }
            services.put(sopClass, new Service(List.copyOf(transferSyntaxes), Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /**
         * Serves every storage SOP class ({@link UID#isStorageSopClass}) with {@code handler}, with
         * every transfer syntax Ferry knows. A class registered with {@link #service} keeps its own.
         */
        public Builder storage(DimseHandler handler) {
            return storage(ALL_TRANSFER_SYNTAXES, handler);
        }

        /** As {@link #storage(DimseHandler)}, accepting only {@code transferSyntaxes}. */
        public Builder storage(List<String> transferSyntaxes, DimseHandler handler) {
            if (transferSyntaxes.isEmpty()) {
                throw new IllegalArgumentException("transferSyntaxes: storage needs at least one");
            }
            this.storage = new Service(List.copyOf(transferSyntaxes), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Checks user identities; without one, any identity (or none) is accepted and not answered. */
        public Builder userIdentityVerifier(UserIdentityVerifier verifier) {
            this.identityVerifier = verifier;
            return this;
        }

        public DicomServer build() {
            return new DicomServer(this);
        }
    }
}
