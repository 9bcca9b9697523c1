package dev.ferry.dicom.audit;

import java.io.IOException;

/**
 * A syslog message could not be sent to an audit record repository. The message names the
 * repository ({@code host:port} and transport) and what failed, never the audit message's content
 * (which may hold patient data).
 */
public class SyslogException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    public SyslogException(String host, int port, SyslogSender.Transport transport, String what, Throwable cause) {
        super("syslog " + transport.name().toLowerCase(java.util.Locale.ROOT) + " to " + host + ":" + port + ": " + what,
                cause);
        this.host = host;
        this.port = port;
    }

    /** The repository's host. */
    public String host() {
        return host;
    }

    /** The repository's port. */
    public int port() {
        return port;
    }
}
