package dev.ferry.dicom.net;

import dev.ferry.dicom.io.ParseWarning;
import dev.ferry.dicom.net.dimse.CCancelRq;
import dev.ferry.dicom.net.dimse.CommandCodec;
import dev.ferry.dicom.net.dimse.DimseCommandException;
import dev.ferry.dicom.net.dimse.DimseMessage;
import dev.ferry.dicom.net.pdu.Abort;
import dev.ferry.dicom.net.pdu.AbortReason;
import dev.ferry.dicom.net.pdu.AssociateAc;
import dev.ferry.dicom.net.pdu.AssociateRj;
import dev.ferry.dicom.net.pdu.AssociateRq;
import dev.ferry.dicom.net.pdu.PDataTf;
import dev.ferry.dicom.net.pdu.Pdu;
import dev.ferry.dicom.net.pdu.PduEncoder;
import dev.ferry.dicom.net.pdu.PduException;
import dev.ferry.dicom.net.pdu.PduHeader;
import dev.ferry.dicom.net.pdu.PduReader;
import dev.ferry.dicom.net.pdu.PduType;
import dev.ferry.dicom.net.pdu.Pdv;
import dev.ferry.dicom.net.pdu.PresentationContextAc;
import dev.ferry.dicom.net.pdu.PresentationContextRq;
import dev.ferry.dicom.net.pdu.ReleaseRp;
import dev.ferry.dicom.net.pdu.ReleaseRq;
import dev.ferry.dicom.net.pdu.RoleSelection;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established DICOM association (PS3.8): the negotiated presentation contexts and the DIMSE
 * message exchange over them, as requestor ({@link #connect}) or acceptor ({@link DicomServer}).
 *
 * <p>The Upper Layer state machine of PS3.8 9.2 is kept explicitly ({@link State}): established,
 * release requested by this side, closed. Every wait is bounded by {@link AssociationOptions}; a
 * protocol violation by the peer is answered with an A-ABORT that gives the reason, and surfaces as
 * an {@link AssociationAbortedException}. A release collision (both sides sending A-RELEASE-RQ) is
 * resolved as PS3.8 9.2.2 says: the requestor answers first.
 *
 * <p>Messages are streamed: {@link #send} writes a command and its data set through a buffer the
 * size of one PDU; {@link #receive} returns the command at once and the data set as a stream read
 * from the socket as the caller consumes it, so a 2 GB instance never sits in memory.
 *
 * <p>Thread safety: one thread exchanges messages at a time (the DIMSE operations take a lock); any
 * thread may {@link #abort()} or {@link #cancel} while another waits.
 */
public final class Association implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Association.class);
    private static final AtomicInteger SERIAL = new AtomicInteger();

    /** The states of PS3.8 9.2 an established association goes through. */
    public enum State {
        /** Sta6: data transfer. */
        ESTABLISHED,
        /** Sta7: this side sent A-RELEASE-RQ and awaits A-RELEASE-RP. */
        RELEASE_REQUESTED,
        /** Sta1: released, aborted, or the connection ended. */
        CLOSED
    }

    private final Socket socket;
    private final boolean requestor;
    private final AssociationOptions options;
    private final AssociateRq request;
    private final AssociateAc acceptance;
    private final String name;
    private final PduReader reader;
    private final PduSender sender;
    private final Map<Integer, PresentationContext> contexts;
    private final byte[] sendBuffer;
    private final AtomicInteger messageIds = new AtomicInteger();
    final ReentrantLock operationLock = new ReentrantLock();
    private volatile State state = State.ESTABLISHED;
    private volatile Throwable closedBy;
    private final NetMetrics metrics;
    /** Whether the association ended by a release (else, once closed, it was aborted). */
    private volatile boolean released;
    /** When {@link #inputWaiting} last tried a read, in nanoseconds. */
    private long lastPoll;
    /** Keeps a whole message's PDUs together against a C-CANCEL sent from another thread. */
    private final ReentrantLock sendLock = new ReentrantLock();

    /** The data set being read, if its last fragment has not been reached. */
    private DataStream current;
    /** Whether the reader is inside a PDV whose bytes belong to {@link #current}. */
    private boolean inPdv;
    private byte[] commandBuffer = new byte[1024];
    /** Lent to a data set's {@code transferTo}, allocated on first use. */
    private byte[] transferBuffer;
    /** The operation a C-CANCEL-RQ named while a response was awaited (C-GET sub-operations), or -1. */
    private int cancelReceived = -1;

    Association(Socket socket, boolean requestor, AssociationOptions options, AssociateRq request,
                AssociateAc acceptance, PduReader reader, PduSender sender) {
        this.socket = socket;
        this.requestor = requestor;
        this.options = options;
        this.request = request;
        this.acceptance = acceptance;
        this.reader = reader;
        this.sender = sender;
        this.contexts = accepted(request, acceptance);
        this.metrics = NetMetrics.of(options.meterRegistry(), requestor);
        metrics.association("established");
        long peerMax = requestor ? acceptance.userInformation().maxPduLength()
                : request.userInformation().maxPduLength();
        int own = options.maxPduLengthSent();
        // Even, so every fragment but a last one of an odd-length part is even (dcmtk refuses odd ones).
        int max = (peerMax == 0 ? own : (int) Math.min(own, Math.max(peerMax, PDataOutputStream.HEADERS + 2))) & ~1;
        this.sendBuffer = new byte[PduEncoder.PDU_HEADER_LENGTH + max];
        this.name = "association " + SERIAL.incrementAndGet() + " " + request.callingAeTitle() + "->"
                + request.calledAeTitle() + " (" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort() + ")";
    }

    /**
     * Opens an association: connects (with TLS if the options say so), sends the A-ASSOCIATE-RQ and
     * waits for the answer (ARTIM, {@link AssociationOptions#acseTimeout()}).
     *
     * @throws AssociationRejectedException if the peer answers A-ASSOCIATE-RJ
     * @throws AssociationTimeoutException if connecting or the answer takes too long
     * @throws AssociationAbortedException if the peer aborts, closes, or answers with a malformed PDU
     * @throws AssociationException if the peer accepts none of the presentation contexts
     */
    public static Association connect(RemoteAe peer, AssociationRequest request, AssociationOptions options)
            throws IOException {
        String who = request.callingAeTitle() + "->" + peer;
        Socket socket = new Socket();
        try {
            configure(socket, options);
            try {
                socket.connect(new InetSocketAddress(peer.host(), peer.port()),
                        (int) options.connectTimeout().toMillis());
            } catch (SocketTimeoutException e) {
                throw new AssociationTimeoutException("connecting " + who + " took more than "
                        + options.connectTimeout().toMillis() + " ms", e);
            } catch (IOException e) {
                throw new AssociationException("cannot connect " + who + ": " + e.getMessage(), e);
            }
            socket.setSoTimeout((int) options.acseTimeout().toMillis());
            if (options.tls() != null) {
                SSLSocket tls = (SSLSocket) options.tls().context().getSocketFactory()
                        .createSocket(socket, peer.host(), peer.port(), true);
                options.tls().configure(tls, false);
                tls.setUseClientMode(true);
                try {
                    tls.startHandshake();
                } catch (SocketTimeoutException e) {
                    throw new AssociationTimeoutException("the TLS handshake with " + who + " took more than "
                            + options.acseTimeout().toMillis() + " ms", e);
                } catch (IOException e) {
                    throw new AssociationException("the TLS handshake with " + who + " failed: " + e.getMessage(), e);
                }
                socket = tls;
            }
            PduSender sender = new PduSender(new BufferedOutputStream(socket.getOutputStream(), 16 << 10));
            PduReader reader = new PduReader(socket.getInputStream(), options.maxPduLengthReceived(),
                    options.maxAssociationPduLength());
            AssociateRq rq = request.toPdu(options.maxPduLengthReceived());
            try {
                sender.send(rq);
            } catch (IOException e) {
                // Over TLS 1.3 this is how a refused client certificate shows: the server's alert
                // comes after the client's handshake ends, and the connection is gone.
                throw new AssociationAbortedException(who + " closed the connection before the A-ASSOCIATE-RQ was"
                        + " sent" + (options.tls() != null ? " (does it refuse this side's TLS certificate?)" : "")
                        + ": " + e.getMessage(), null, true, e);
            }
            Pdu answer;
            try {
                answer = reader.read();
            } catch (SocketTimeoutException e) {
                sendQuietly(sender, Abort.byServiceProvider(AbortReason.REASON_NOT_SPECIFIED));
                throw new AssociationTimeoutException(who + " did not answer the A-ASSOCIATE-RQ within "
                        + options.acseTimeout().toMillis() + " ms (ARTIM)", e);
            } catch (PduException e) {
                sendQuietly(sender, Abort.byServiceProvider(e.abortReason()));
                throw new AssociationAbortedException(who + " answered with a malformed PDU: " + e.getMessage(),
                        Abort.byServiceProvider(e.abortReason()), false, e);
            } catch (IOException e) {
                throw new AssociationAbortedException(who + " closed the connection during negotiation: "
                        + e.getMessage(), null, true, e);
            }
            if (answer == null) {
                throw new AssociationAbortedException(who + " closed the connection without answering the"
                        + " A-ASSOCIATE-RQ", null, true, null);
            }
            if (answer instanceof AssociateRj rj) {
                NetMetrics.of(options.meterRegistry(), true).association("rejected");
                throw new AssociationRejectedException(who, rj);
            }
            if (answer instanceof Abort abort) {
                throw new AssociationAbortedException(who + " aborted the association request: " + abort.describe(),
                        abort, true, null);
            }
            if (!(answer instanceof AssociateAc ac)) {
                Abort abort = Abort.byServiceProvider(AbortReason.UNEXPECTED_PDU);
                sendQuietly(sender, abort);
                throw new AssociationAbortedException(who + " answered the A-ASSOCIATE-RQ with " + answer.type(),
                        abort, false, null);
            }
            String problem = checkAcceptance(rq, ac);
            if (problem != null) {
                Abort abort = Abort.byServiceProvider(AbortReason.INVALID_PDU_PARAMETER_VALUE);
                sendQuietly(sender, abort);
                throw new AssociationAbortedException(who + " sent an invalid A-ASSOCIATE-AC: " + problem, abort,
                        false, null);
            }
            Association as = new Association(socket, true, options, rq, ac, reader, sender);
            if (as.contexts.isEmpty()) {
                String why = describeRejections(rq, ac);
                as.release();
                throw new AssociationException(who + " accepted none of the presentation contexts: " + why);
            }
            LOG.debug("{}: established, {} of {} presentation contexts accepted, max PDU sent {}", as.name,
                    as.contexts.size(), rq.presentationContexts().size(), as.sendBuffer.length - 6);
            return as;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    static void configure(Socket socket, AssociationOptions options) throws SocketException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        if (options.socketBufferSize() > 0) {
            socket.setSendBufferSize(options.socketBufferSize());
            socket.setReceiveBufferSize(options.socketBufferSize());
        }
    }

    /** What is wrong with an A-ASSOCIATE-AC as an answer to {@code rq}, or {@code null}. */
    private static String checkAcceptance(AssociateRq rq, AssociateAc ac) {
        Map<Integer, PresentationContextRq> proposed = new LinkedHashMap<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            proposed.put(pc.id(), pc);
        }
        for (PresentationContextAc pc : ac.presentationContexts()) {
            PresentationContextRq p = proposed.get(pc.id());
            if (p == null) {
                return "it answers presentation context " + pc.id() + ", which was not proposed";
            }
            if (pc.isAccepted() && !p.transferSyntaxes().contains(pc.transferSyntax())) {
                return "it accepts presentation context " + pc.id() + " with transfer syntax " + pc.transferSyntax()
                        + ", which was not proposed for it";
            }
        }
        return null;
    }

    private static String describeRejections(AssociateRq rq, AssociateAc ac) {
        List<String> parts = new ArrayList<>();
        for (PresentationContextAc pc : ac.presentationContexts()) {
            String as = rq.presentationContexts().stream().filter(p -> p.id() == pc.id()).findFirst()
                    .map(PresentationContextRq::abstractSyntax).orElse("?");
            parts.add(as + ": " + pc.result().describe());
        }
        return parts.isEmpty() ? "no presentation context was answered" : String.join("; ", parts);
    }

    private static Map<Integer, PresentationContext> accepted(AssociateRq rq, AssociateAc ac) {
        Map<Integer, PresentationContext> map = new LinkedHashMap<>();
        for (PresentationContextAc a : ac.presentationContexts()) {
            if (!a.isAccepted()) {
                continue;
            }
            for (PresentationContextRq p : rq.presentationContexts()) {
                if (p.id() == a.id()) {
                    map.put(a.id(), new PresentationContext(a.id(), p.abstractSyntax(), a.transferSyntax()));
                }
            }
        }
        return Collections.unmodifiableMap(map);
    }

    // ---------------------------------------------------------------- what was negotiated

    /** Whether this side requested the association. */
    public boolean isRequestor() {
        return requestor;
    }

    /** The A-ASSOCIATE-RQ as sent or received. */
    public AssociateRq request() {
        return request;
    }

    /** The A-ASSOCIATE-AC as sent or received. */
    public AssociateAc acceptance() {
        return acceptance;
    }

    public String callingAeTitle() {
        return request.callingAeTitle();
    }

    public String calledAeTitle() {
        return request.calledAeTitle();
    }

    /** The peer's AE title: the called AE title for a requestor, the calling one for an acceptor. */
    public String remoteAeTitle() {
        return requestor ? request.calledAeTitle() : request.callingAeTitle();
    }

    /** This side's AE title. */
    public String localAeTitle() {
        return requestor ? request.callingAeTitle() : request.calledAeTitle();
    }

    /** The peer's socket address. */
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    /** Whether the connection is protected by TLS. */
    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** The accepted presentation contexts, in the order proposed. */
    public List<PresentationContext> presentationContexts() {
        return List.copyOf(contexts.values());
    }

    /** The accepted context with this ID, if any. */
    public Optional<PresentationContext> presentationContext(int id) {
        return Optional.ofNullable(contexts.get(id));
    }

    /** The first accepted context for {@code abstractSyntax}, in the order proposed. */
    public Optional<PresentationContext> presentationContext(String abstractSyntax) {
        for (PresentationContext pc : contexts.values()) {
            if (pc.abstractSyntax().equals(abstractSyntax)) {
                return Optional.of(pc);
            }
        }
        return Optional.empty();
    }

    /** The accepted context for {@code abstractSyntax} with exactly {@code transferSyntax}, if any. */
    public Optional<PresentationContext> presentationContext(String abstractSyntax, String transferSyntax) {
        for (PresentationContext pc : contexts.values()) {
            if (pc.abstractSyntax().equals(abstractSyntax) && pc.transferSyntax().equals(transferSyntax)) {
                return Optional.of(pc);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the acceptor agreed that the requestor acts as SCP for {@code sopClass} (PS3.7 D.3.3.4):
     * the requestor proposed it and the acceptor's answer kept it.
     */
    public boolean requestorIsScp(String sopClass) {
        for (RoleSelection r : acceptance.userInformation().roleSelections()) {
            if (r.sopClassUid().equals(sopClass)) {
                return r.scpRole() && proposedScpRole(sopClass);
            }
        }
        return false;
    }

    private boolean proposedScpRole(String sopClass) {
        for (RoleSelection r : request.userInformation().roleSelections()) {
            if (r.sopClassUid().equals(sopClass)) {
                return r.scpRole();
            }
        }
        return false;
    }

    /** The largest P-DATA-TF PDU-length this side sends: the peer's maximum, capped by the options. */
    public int maxPduLengthSent() {
        return sendBuffer.length - PduEncoder.PDU_HEADER_LENGTH;
    }

    public AssociationOptions options() {
        return options;
    }

    public State state() {
        return state;
    }

    /** Whether messages can still be exchanged. */
    public boolean isOpen() {
        return state == State.ESTABLISHED;
    }

    /** A new Message ID, unique on this association until it wraps at 65535. */
    public int nextMessageId() {
        return messageIds.updateAndGet(i -> i >= 0xFFFF ? 1 : i + 1);
    }

    /** Bytes sent on this association so far, PDU headers included. */
    public long bytesSent() {
        return sender.bytesSent();
    }

    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- sending

    /** Writes a message's data set to the stream it is given; the stream must not be closed by it. */
    @FunctionalInterface
    public interface DataWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Sends a DIMSE message on {@code pc}: the command, then, if the message has one, the data set
     * {@code data} writes (in the context's transfer syntax).
     *
     * @throws IllegalArgumentException if the message has a data set and {@code data} is null, or the
     *     context is not accepted on this association
     * @throws AssociationAbortedException if the connection fails or the association is closed
     */
    public void send(PresentationContext pc, DimseMessage message, DataWriter data) throws IOException {
        if (contexts.get(pc.id()) == null) {
            throw new IllegalArgumentException("presentation context " + pc.id() + " is not accepted on " + name);
        }
        if (message.hasDataSet() && data == null) {
            throw new IllegalArgumentException(message.commandField() + " has a data set: give its writer");
        }
        requireOpen();
        byte[] command = message.encode();
        metrics.sent(message.commandField());
        sendLock.lock();
        try {
            PDataOutputStream out = new PDataOutputStream(sender, sendBuffer, pc.id(), true, !message.hasDataSet());
            out.write(command);
            out.close();
            if (message.hasDataSet()) {
                PDataOutputStream d = new PDataOutputStream(sender, sendBuffer, pc.id(), false, true);
                data.writeTo(d);
                d.close();
            }
        } catch (RuntimeException e) {
            // The data set's writer failed half-way: the message is cut, so the association cannot go on.
            abortLocally(Abort.byServiceUser(), e);
            throw e;
        } catch (IOException e) {
            if (e instanceof AssociationException || !(e instanceof SocketException || isConnectionError(e))) {
                // The data set's source failed (a file), not the connection: the message is cut, so
                // the association cannot go on.
                abortLocally(Abort.byServiceUser(), e);
                if (e instanceof AssociationException) {
                    throw e;
                }
                throw new AssociationAbortedException(name + ": aborted, the data set of " + message.commandField()
                        + " could not be read: " + e.getMessage(), Abort.byServiceUser(), false, e);
            }
            throw connectionLost("sending " + message.commandField(), e);
        } finally {
            sendLock.unlock();
        }
    }

    private static boolean isConnectionError(IOException e) {
        return e instanceof SocketException || e instanceof javax.net.ssl.SSLException
                || (e.getMessage() != null && (e.getMessage().contains("Broken pipe")
                        || e.getMessage().contains("Connection reset")));
    }

    /**
     * Sends C-CANCEL-RQ for the operation {@code messageId} on {@code pc}; safe to call from a thread
     * other than the one waiting for the operation's responses.
     */
    public void cancel(PresentationContext pc, int messageId) throws IOException {
        requireOpen();
        byte[] command = new CCancelRq(messageId).encode();
        sendLock.lock(); // not between the fragments of a message being sent
        try {
            sender.send(new PDataTf(List.of(new Pdv(pc.id(), true, true, command))));
        } catch (IOException e) {
            throw connectionLost("sending C-CANCEL-RQ", e);
        } finally {
            sendLock.unlock();
        }
    }

    // ---------------------------------------------------------------- receiving

    /**
     * A received DIMSE message. The data set, if the message has one, is a stream over the following
     * P-DATA: read it (or close it, which skips what is left) before the next {@link #receive}.
     *
     * @param context the presentation context it came on
     * @param message the parsed command
     * @param warnings what the command decoder tolerated
     * @param data the data set in the context's transfer syntax, or {@code null} if none follows
     */
    public record Incoming(PresentationContext context, DimseMessage message, List<ParseWarning> warnings,
                           InputStream data) {
    }

    /**
     * Waits up to {@code timeout} for the next DIMSE message. An A-RELEASE-RQ from the peer is
     * answered and ends the association: then this returns {@code null}.
     *
     * @throws AssociationTimeoutException if nothing complete arrives in time (the association is aborted)
     * @throws AssociationAbortedException if the peer aborts or closes, or violates the protocol (then
     *     Ferry aborts with the reason)
     */
    public Incoming receive(Duration timeout) throws IOException {
        requireOpen();
        if (current != null) {
            current.skipRest();
        }
        setTimeout(timeout);
        int length = 0;
        int contextId = -1;
        try {
            while (true) {
                if (!nextPdv(contextId < 0)) {
                    return null; // released by the peer
                }
                int id = reader.pdvContextId();
                if (!reader.pdvCommand()) {
                    throw violation(AbortReason.UNEXPECTED_PDU_PARAMETER, "a data fragment on context " + id
                            + " where a command was expected");
                }
                if (contextId >= 0 && id != contextId) {
                    throw violation(AbortReason.UNEXPECTED_PDU_PARAMETER, "a command fragment on context " + id
                            + " inside a command on context " + contextId);
                }
                if (!contexts.containsKey(id)) {
                    throw violation(AbortReason.INVALID_PDU_PARAMETER_VALUE, "a command on presentation context "
                            + id + ", which is not accepted");
                }
                contextId = id;
                int n = reader.pdvRemaining();
                if ((long) length + n > CommandCodec.MAX_LENGTH) {
                    throw violation(AbortReason.INVALID_PDU_PARAMETER_VALUE, "a command set longer than "
                            + CommandCodec.MAX_LENGTH + " bytes");
                }
                if (length + n > commandBuffer.length) {
                    commandBuffer = Arrays.copyOf(commandBuffer, Math.max(length + n, 2 * commandBuffer.length));
                }
                while (n > 0) {
                    int r = reader.readPdv(commandBuffer, length, n);
                    length += r;
                    n -= r;
                }
                inPdv = false;
                if (reader.pdvLast()) {
                    break;
                }
            }
            CommandCodec.Decoded decoded;
            DimseMessage message;
            try {
                decoded = CommandCodec.decode(commandBuffer, 0, length);
                message = DimseMessage.parse(decoded.command());
            } catch (DimseCommandException e) {
                abortLocally(Abort.byServiceUser(), e);
                throw new AssociationAbortedException(name + ": aborted, the peer sent an invalid command: "
                        + e.getMessage(), Abort.byServiceUser(), false, e);
            }
            metrics.received(message.commandField());
            PresentationContext pc = contexts.get(contextId);
            InputStream data = null;
            if (message.hasDataSet()) {
                current = new DataStream(contextId);
                data = current;
            }
            return new Incoming(pc, message, decoded.warnings(), data);
        } catch (SocketTimeoutException e) {
            throw timedOut("waiting for a DIMSE message", timeout, e);
        } catch (PduException e) {
            throw violation(e.abortReason(), e.getMessage(), e);
        } catch (AssociationException e) {
            throw e;
        } catch (IOException e) {
            throw connectionLost("waiting for a DIMSE message", e);
        }
    }

    /**
     * Whether a C-CANCEL-RQ for {@code messageId} has arrived, looking only at what can be read
     * without waiting. A C-CANCEL for another message is ignored (PS3.7 9.3.2.3: nothing to cancel);
     * any other message while an operation runs violates the one-operation window and aborts.
     */
    boolean pollCancel(int messageId) throws IOException {
        if (cancelReceived == messageId) {
            cancelReceived = -1;
            return true;
        }
        while (state == State.ESTABLISHED && current == null && inputWaiting(false)) {
            Incoming in = receive(options.dimseTimeout());
            if (in == null) {
                return true; // released by the peer: stop, nothing more can be sent anyway
            }
            if (in.message() instanceof CCancelRq c) {
                if (c.messageIdBeingRespondedTo() == messageId) {
                    return true;
                }
                continue;
            }
            throw violation(AbortReason.REASON_NOT_SPECIFIED, "a " + in.message().commandField()
                    + " arrived while an operation was in progress (one operation at a time was negotiated)");
        }
        return false;
    }

    /**
     * Whether the peer has sent something not yet read, without blocking for long. On plain TCP the
     * socket says so; over TLS it cannot (undecrypted bytes do not count as available), so a read
     * is tried with a 1 ms timeout, at most every 50 ms unless {@code always}, as that wait is paid
     * by every caller. An ended connection counts as something to read.
     */
    boolean inputWaiting(boolean always) throws IOException {
        if (reader.buffered() > 0) {
            return true;
        }
        if (!(socket instanceof SSLSocket) && !always) {
            return socket.getInputStream().available() > 0;
        }
        long now = System.nanoTime();
        if (!always && now - lastPoll < 50_000_000L) {
            return false;
        }
        lastPoll = now;
        int timeout = socket.getSoTimeout();
        try {
            socket.setSoTimeout(1);
            return reader.poll() != 0;
        } catch (IOException e) {
            return true; // the next read reports it
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeout);
            }
        }
    }

    /**
     * Positions the reader on the next PDV, reading the next PDU when the current one is done.
     *
     * @param betweenMessages whether a message boundary is here, so an A-RELEASE-RQ is allowed
     * @return {@code false} if the peer released the association (answered, now closed)
     */
    private boolean nextPdv(boolean betweenMessages) throws IOException {
        while (true) {
            if (reader.inPDataTf() && reader.nextPdv()) {
                inPdv = true;
                return true;
            }
            PduHeader header = reader.readHeader();
            if (header == null) {
                closeSocket(null);
                throw new AssociationAbortedException(name + ": the peer closed the connection without a release",
                        null, true, new EOFException());
            }
            switch (header.type()) {
                case P_DATA_TF:
                    continue;
                case ABORT: {
                    Abort abort = (Abort) reader.readBody();
                    closeSocket(null);
                    throw new AssociationAbortedException(name + ": the peer aborted: " + abort.describe(), abort,
                            true, null);
                }
                case RELEASE_RQ:
                    reader.readBody();
                    if (!betweenMessages) {
                        throw violation(AbortReason.UNEXPECTED_PDU, "an A-RELEASE-RQ in the middle of a message");
                    }
                    if (state == State.RELEASE_REQUESTED) {
                        throw violation(AbortReason.UNEXPECTED_PDU, "an A-RELEASE-RQ while releasing");
                    }
                    LOG.debug("{}: the peer released it", name);
                    released = true;
                    try {
                        sender.send(new ReleaseRp());
                    } finally {
                        closeSocket(null);
                    }
                    return false;
                default:
                    reader.readBody();
                    throw violation(AbortReason.UNEXPECTED_PDU, "an unexpected " + header.type()
                            + " during data transfer");
            }
        }
    }

    /**
     * The data set of a received message: the data fragments on its context until the last one.
     * Reading past the set returns -1; closing skips what is left.
     */
    private final class DataStream extends InputStream {
        private final int contextId;
        private boolean done;
        private long count;

        DataStream(int contextId) {
            this.contextId = contextId;
        }

        /** Positions on a PDV with bytes left, or returns false at the end of the data set. */
        private boolean advance() throws IOException {
            while (true) {
                if (done) {
                    return false;
                }
                if (inPdv && reader.pdvRemaining() > 0) {
                    return true;
                }
                if (inPdv && reader.pdvLast()) {
                    inPdv = false;
                    finish();
                    return false;
                }
                inPdv = false;
                try {
                    nextPdv(false);
                } catch (SocketTimeoutException e) {
                    throw timedOut("reading a data set", options.dimseTimeout(), e);
                } catch (PduException e) {
                    throw violation(e.abortReason(), e.getMessage(), e);
                } catch (AssociationException e) {
                    throw e;
                } catch (IOException e) {
                    throw connectionLost("reading a data set", e);
                }
                if (reader.pdvCommand()) {
                    throw violation(AbortReason.UNEXPECTED_PDU_PARAMETER, "a command fragment inside a data set");
                }
                if (reader.pdvContextId() != contextId) {
                    throw violation(AbortReason.UNEXPECTED_PDU_PARAMETER, "a data fragment on context "
                            + reader.pdvContextId() + " inside a data set on context " + contextId);
                }
            }
        }

        private void finish() {
            done = true;
            if (current == this) {
                current = null;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!advance()) {
                return -1;
            }
            int n;
            try {
                n = reader.readPdv(b, off, Math.min(len, reader.pdvRemaining()));
            } catch (SocketTimeoutException e) {
                throw timedOut("reading a data set", options.dimseTimeout(), e);
            } catch (PduException e) {
                throw violation(e.abortReason(), e.getMessage(), e);
            } catch (IOException e) {
                throw connectionLost("reading a data set", e);
            }
            count += n;
            return n;
        }

        /**
         * Reads the data set to its end into {@code out} through the association's 64 KiB transfer
         * buffer, which large fragments fill straight from the socket.
         */
        @Override
        public long transferTo(OutputStream out) throws IOException {
            if (transferBuffer == null) {
                transferBuffer = new byte[64 << 10];
            }
            byte[] buf = transferBuffer;
            long total = 0;
            int n;
            while ((n = read(buf, 0, buf.length)) > 0) {
                out.write(buf, 0, n);
                total += n;
            }
            return total;
        }

        @Override
        public int available() {
            return !done && inPdv ? reader.pdvRemaining() : 0;
        }

        /** Reads and drops the rest of the data set. */
        void skipRest() throws IOException {
            while (advance()) {
                int n = reader.pdvRemaining();
                byte[] sink = new byte[Math.min(n, 8192)];
                while (n > 0) {
                    int r = reader.readPdv(sink, 0, Math.min(sink.length, n));
                    n -= r;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (!done && state == State.ESTABLISHED) {
                skipRest();
            }
            done = true;
        }
    }

    // ---------------------------------------------------------------- DIMSE operations as SCU

    /**
     * Waits for the response to request {@code messageId}: each pending response is returned too
     * (check {@code status().isPending()}), so call again until a final one. Requests the peer sends
     * meanwhile (C-STORE sub-operations of a C-GET, an N-EVENT-REPORT) go to {@code onRequest}; a
     * C-CANCEL-RQ (a C-GET requestor cancelling while its sub-operation's response is awaited) is
     * kept for {@link ScpRequest#isCancelled()}.
     *
     * @param onRequest handles requests from the peer, or {@code null} to treat one as a protocol
     *     violation
     * @throws AssociationAbortedException if the peer releases, aborts, or sends anything else
     */
    public Incoming awaitResponse(int messageId, DimseHandler onRequest) throws IOException {
        while (true) {
            Incoming in = receive(options.dimseTimeout());
            if (in == null) {
                throw new AssociationAbortedException(name + ": the peer released the association while the response"
                        + " to message " + messageId + " was awaited", null, true, null);
            }
            if (in.message() instanceof dev.ferry.dicom.net.dimse.DimseResponse r) {
                if (r.messageIdBeingRespondedTo() == messageId) {
                    return in;
                }
                throw violation(AbortReason.REASON_NOT_SPECIFIED, "a response to message "
                        + r.messageIdBeingRespondedTo() + " while awaiting one to message " + messageId);
            }
            if (in.message() instanceof CCancelRq c) {
                // A C-GET requestor may cancel while a C-STORE sub-operation awaits its response
                // (PS3.7 9.3.3.3): kept for the handler's next isCancelled().
                cancelReceived = c.messageIdBeingRespondedTo();
                continue;
            }
            if (in.message() instanceof dev.ferry.dicom.net.dimse.DimseRequest && onRequest != null) {
                ScpRequest request = new ScpRequest(this, in);
                try {
                    onRequest.handle(request);
                } catch (AssociationException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    // Answer before rethrowing, or the peer would wait for this response while the
                    // caller waits for the peer's: both until the DIMSE timeout.
                    if (isOpen()) {
                        if (in.data() != null) {
                            in.data().close();
                        }
                        request.finish(in.message() instanceof dev.ferry.dicom.net.dimse.CStoreRq
                                ? StorageScp.OUT_OF_RESOURCES : Responses.PROCESSING_FAILURE);
                    }
                    throw e;
                }
                if (in.data() != null) {
                    in.data().close();
                }
                request.finish(Responses.PROCESSING_FAILURE);
                continue;
            }
            throw violation(AbortReason.REASON_NOT_SPECIFIED, "a " + in.message().commandField()
                    + " while awaiting the response to message " + messageId);
        }
    }

    /**
     * C-ECHO (PS3.7 9.1.5) on the Verification context.
     *
     * @return the status the peer answered
     * @throws IllegalStateException if the Verification SOP Class was not accepted
     */
    public dev.ferry.dicom.net.dimse.Status echo() throws IOException {
        PresentationContext pc = presentationContext(dev.ferry.dicom.UID.Verification).orElseThrow(
                () -> new IllegalStateException(name + ": the Verification SOP Class was not accepted"));
        operationLock.lock();
        try {
            int id = nextMessageId();
            send(pc, dev.ferry.dicom.net.dimse.CEchoRq.of(id), null);
            return ((dev.ferry.dicom.net.dimse.DimseResponse) awaitResponse(id, null).message()).status();
        } finally {
            operationLock.unlock();
        }
    }

    /**
     * C-STORE (PS3.7 9.1.1): sends {@code rq} with the data set {@code data} writes, encoded in the
     * context's transfer syntax, and returns the peer's response.
     */
    public dev.ferry.dicom.net.dimse.CStoreRsp store(PresentationContext pc, dev.ferry.dicom.net.dimse.CStoreRq rq,
                                                     DataWriter data) throws IOException {
        operationLock.lock();
        try {
            send(pc, rq, data);
            Incoming in = awaitResponse(rq.messageId(), null);
            if (!(in.message() instanceof dev.ferry.dicom.net.dimse.CStoreRsp rsp)) {
                throw violation(AbortReason.REASON_NOT_SPECIFIED, "a " + in.message().commandField()
                        + " answered C-STORE-RQ " + rq.messageId());
            }
            if (in.data() != null) {
                in.data().close();
            }
            return rsp;
        } finally {
            operationLock.unlock();
        }
    }

    // ---------------------------------------------------------------- release and abort

    /**
     * Releases the association (A-RELEASE-RQ, then A-RELEASE-RP awaited up to
     * {@link AssociationOptions#releaseTimeout()}, aborting if it does not come). P-DATA arriving in
     * the meantime is dropped (PS3.8 Sta7). Does nothing if the association is closed.
     */
    public void release() throws IOException {
        if (state != State.ESTABLISHED) {
            return;
        }
        operationLock.lock();
        try {
            if (state != State.ESTABLISHED) {
                return;
            }
            state = State.RELEASE_REQUESTED;
            try {
                sender.send(new ReleaseRq());
            } catch (IOException e) {
                throw connectionLost("sending A-RELEASE-RQ", e);
            }
            setTimeout(options.releaseTimeout());
            try {
                boolean collision = false;
                while (true) {
                    PduHeader header;
                    try {
                        header = reader.readHeader();
                    } catch (SocketTimeoutException e) {
                        throw timedOut("waiting for A-RELEASE-RP", options.releaseTimeout(), e);
                    } catch (PduException e) {
                        throw violation(e.abortReason(), e.getMessage(), e);
                    } catch (IOException e) {
                        closeSocket(e);
                        return; // the connection is gone: released enough
                    }
                    if (header == null) {
                        closeSocket(null);
                        return;
                    }
                    switch (header.type()) {
                        case RELEASE_RP:
                            reader.readBody();
                            if (collision && !requestor) {
                                sender.send(new ReleaseRp());
                            }
                            released = true;
                            closeSocket(null);
                            LOG.debug("{}: released", name);
                            return;
                        case RELEASE_RQ:
                            reader.readBody();
                            // Release collision (PS3.8 9.2.2): the requestor answers at once and waits; the
                            // acceptor waits for the requestor's A-RELEASE-RP, then answers.
                            collision = true;
                            if (requestor) {
                                sender.send(new ReleaseRp());
                            }
                            continue;
                        case ABORT:
                            reader.readBody();
                            closeSocket(null);
                            return;
                        case P_DATA_TF:
                            continue; // dropped
                        default:
                            reader.readBody();
                            throw violation(AbortReason.UNEXPECTED_PDU, "an unexpected " + header.type() + " while releasing");
                    }
                }
            } catch (AssociationException e) {
                throw e;
            } catch (IOException e) {
                // A body or an answer failed mid-release: nothing to finish, do not leave it open.
                throw connectionLost("releasing", e);
            }
        } finally {
            operationLock.unlock();
        }
    }

    /**
     * Aborts the association (A-ABORT by the service user) and closes the connection. Safe from any
     * thread, at any time; does nothing if it is closed already.
     */
    public void abort() {
        abortLocally(Abort.byServiceUser(), null);
    }

    /** Sends {@code abort} (if the sender is free within a second) and closes the connection. */
    void abortLocally(Abort abort, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.debug("{}: aborting ({})", name, abort.describe());
        try {
            sender.trySend(abort, 1000);
        } catch (IOException ignored) {
            // the connection is broken anyway
        }
        closeSocket(cause);
    }

    /** Releases the association if it is established, or closes the connection if it is not. */
    @Override
    public void close() {
        try {
            release();
        } catch (IOException e) {
            LOG.debug("{}: release failed: {}", name, e.toString());
        } finally {
            closeSocket(null);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void requireOpen() throws AssociationAbortedException {
        if (state != State.ESTABLISHED) {
            throw new AssociationAbortedException(name + " is " + (state == State.CLOSED ? "closed" : "being released"),
                    null, false, closedBy);
        }
    }

    private void setTimeout(Duration timeout) throws AssociationException {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        } catch (SocketException e) {
            throw connectionLost("setting a timeout", e);
        }
    }

    private AssociationAbortedException violation(AbortReason reason, String problem) {
        return violation(reason, problem, null);
    }

    private AssociationAbortedException violation(AbortReason reason, String problem, Throwable cause) {
        Abort abort = Abort.byServiceProvider(reason);
        abortLocally(abort, cause);
        return new AssociationAbortedException(name + ": aborted (" + reason.describe() + "): " + problem, abort,
                false, cause);
    }

    private AssociationTimeoutException timedOut(String what, Duration timeout, Throwable cause) {
        abortLocally(Abort.byServiceProvider(AbortReason.REASON_NOT_SPECIFIED), cause);
        return new AssociationTimeoutException(name + ": aborted, nothing came for " + timeout.toMillis() + " ms "
                + what, cause);
    }

    private AssociationAbortedException connectionLost(String what, IOException e) {
        if (state == State.CLOSED) {
            return new AssociationAbortedException(name + ": aborted locally while " + what, null, false,
                    closedBy != null ? closedBy : e);
        }
        closeSocket(e);
        return new AssociationAbortedException(name + ": the connection failed " + what + ": " + e.getMessage(), null,
                true, e);
    }

    private void closeSocket(Throwable cause) {
        if (state != State.CLOSED) {
            closedBy = cause;
            state = State.CLOSED;
            metrics.association(released ? "released" : "aborted");
        }
        closeQuietly(socket);
    }

    /**
     * Closes a socket without waiting on the peer. JSSE's close of a TLS 1.3 socket reads on until
     * one more byte arrives or the read timeout ends (SSLSocketInputRecord.deplete), so a silent
     * peer would hold the closing thread for a whole idle or DIMSE timeout: the timeout is cut first.
     */
    static void closeQuietly(Socket socket) {
        if (socket instanceof SSLSocket && !socket.isClosed()) {
            try {
                socket.setSoTimeout(1);
            } catch (IOException ignored) {
                // closed meanwhile
            }
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    private static void sendQuietly(PduSender sender, Pdu pdu) {
        try {
            sender.trySend(pdu, 1000);
        } catch (IOException ignored) {
            // the connection is broken anyway
        }
    }

    /** The socket, for the server's bookkeeping. */
    Socket socket() {
        return socket;
    }
}
