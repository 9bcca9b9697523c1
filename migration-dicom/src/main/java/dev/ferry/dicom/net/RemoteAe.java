package dev.ferry.dicom.net;

import java.util.Objects;

/**
 * A DICOM application entity on the network: AE title, host and port, written
 * {@code AET@host:port} on command lines and in source URIs ({@code dimse:AET@host:port}).
 *
 * @param aeTitle 1 to 16 characters of the default repertoire, no backslash, not all spaces
 * @param host a host name or IP address (IPv6 in brackets when parsed: {@code AET@[::1]:104})
 * @param port 1 to 65535 (0 is allowed for a local bind address: any free port)
 */
public record RemoteAe(String aeTitle, String host, int port) {
    public RemoteAe {
        aeTitle = requireAeTitle(aeTitle, "aeTitle");
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
    }

    /**
     * Parses {@code AET@host:port}.
     *
     * @throws IllegalArgumentException naming what is wrong, e.g. {@code "STORESCP@localhost": no ":port"}
     */
    public static RemoteAe parse(String text) {
        Objects.requireNonNull(text, "text");
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not AET@host:port: no AE title before '@'");
        }
        String ae = text.substring(0, at);
        String hostPort = text.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("\"" + text + "\" is not AET@host:port: no \":port\"");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not AET@host:port: the port is not a number");
        }
        return new RemoteAe(ae, host, port);
    }

    /**
     * Checks an AE title (PS3.5 Table 6.2-1, AE): 1 to 16 characters of the default repertoire without
     * backslash or control characters, leading and trailing spaces not significant (removed).
     */
    public static String requireAeTitle(String aeTitle, String field) {
        Objects.requireNonNull(aeTitle, field);
        String t = aeTitle.strip();
        if (t.isEmpty() || t.length() > 16) {
            throw new IllegalArgumentException(field + " must be 1 to 16 characters: \"" + aeTitle + "\"");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException(field + " has a character an AE title cannot hold: \"" + aeTitle + "\"");
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return aeTitle + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
