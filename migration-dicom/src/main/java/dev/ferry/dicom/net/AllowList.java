package dev.ferry.dicom.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which peers an SCP accepts: entries {@code AET@host}, where either part may be {@code *} and the
 * host is a name or an address compared with the connection's address ({@code STORESCU@127.0.0.1},
 * {@code *@10.0.0.5}, {@code MODALITY1@*}). An empty list allows everyone. Immutable.
 *
 * @param entries the allowed (AE title, host) pairs
 */
public record AllowList(List<Entry> entries) {
    /** Everyone. */
    public static final AllowList ANY = new AllowList(List.of());

    public AllowList {
        entries = List.copyOf(entries);
    }

    /**
     * One allowed pair.
     *
     * @param aeTitle an AE title, or {@code *} for any
     * @param host a host name or address, or {@code *} for any
     */
    public record Entry(String aeTitle, String host) {
        public Entry {
            Objects.requireNonNull(aeTitle, "aeTitle");
            Objects.requireNonNull(host, "host");
            aeTitle = aeTitle.equals("*") ? "*" : RemoteAe.requireAeTitle(aeTitle, "aeTitle");
        }
    }

    /**
     * Parses entries {@code AET@host}, {@code AET} (any host) or {@code *@host}.
     *
     * @throws IllegalArgumentException naming the entry that is not one
     */
    public static AllowList parse(List<String> entries) {
        List<Entry> list = new ArrayList<>();
        for (String e : entries) {
            int at = e.lastIndexOf('@');
            String ae = at < 0 ? e : e.substring(0, at);
            String host = at < 0 ? "*" : e.substring(at + 1);
            if (ae.isBlank() || host.isBlank()) {
                throw new IllegalArgumentException("allow-list entry \"" + e + "\" is not AET@host");
            }
            list.add(new Entry(ae.strip(), host.strip()));
        }
        return new AllowList(list);
    }

    /** Whether a peer calling as {@code callingAeTitle} from {@code address} is allowed. */
    public boolean allows(String callingAeTitle, InetAddress address) {
        if (entries.isEmpty()) {
            return true;
        }
        for (Entry e : entries) {
            if ((e.aeTitle().equals("*") || e.aeTitle().equals(callingAeTitle.strip()))
                    && (e.host().equals("*") || hostMatches(e.host(), address))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hostMatches(String host, InetAddress address) {
        if (host.equalsIgnoreCase(address.getHostAddress())) {
            return true;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.equals(address)) {
                    return true;
                }
            }
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        return false;
    }
}
