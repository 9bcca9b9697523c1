package dev.ferry.dicom.web;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.ItemRef;
import dev.ferry.api.MigrationException;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.TransientMigrationException;
import java.net.http.HttpHeaders;

/**
 * What an HTTP error status means for a migration. Messages name the method, the path (UIDs only,
 * never the query string, which may hold a patient ID) and the status; never the response body,
 * which may echo patient data. Stateless.
 */
final class HttpErrors {
    private HttpErrors() {}

    /**
     * The exception for a status that is neither success nor a "not found" the caller handles:
     * <ul>
     *   <li>401, 403: refused (credentials or permissions; retrying will not help);
     *   <li>408: timeout; 429, 503: busy; 504: timeout; other 5xx: the server failed for now. All
     *       transient, with the server's Retry-After in the message as a hint;
     *   <li>404 where the service itself should be: a configuration error (wrong base URI);
     *   <li>3xx: refused (redirects are not followed, so credentials never go to another host);
     *   <li>any other status: refused.
     * </ul>
     */
    static MigrationException of(int status, HttpHeaders headers, String what, ItemRef item) {
        String retryAfter = headers.firstValue("retry-after").map(v -> " (Retry-After: " + sanitize(v) + ")")
                .orElse("");
        String detail = "HTTP " + status + " from " + what;
        if (status == 401 || status == 403) {
            return new PermanentMigrationException(ReasonCode.REFUSED, item,
                    detail + (status == 401 ? ": not authenticated" : ": not authorized"));
        }
        if (status == 408 || status == 504) {
            return new TransientMigrationException(ReasonCode.TIMEOUT, item, detail + retryAfter);
        }
        if (status == 429 || status == 503) {
            return new TransientMigrationException(ReasonCode.PEER_BUSY, item, detail + retryAfter);
        }
        if (status >= 500 && status < 600) {
            // A 500 may be a bug that will recur, but servers also report overload and storage
            // hiccups that way; the engine's retry limit turns a lasting one into a failure.
            return new TransientMigrationException(ReasonCode.PEER_BUSY, item, detail + retryAfter);
        }
        if (status == 404) {
            return new ConfigurationException(detail + ": no DICOMweb service there; check the base URI");
        }
        if (status >= 300 && status < 400) {
            return new PermanentMigrationException(ReasonCode.REFUSED, item, detail + ": redirected to "
                    + headers.firstValue("location").map(HttpErrors::withoutQuery).orElse("nowhere")
                    + ", which is not followed; configure the final URI");
        }
        return new PermanentMigrationException(ReasonCode.REFUSED, item, detail);
    }

    private static String withoutQuery(String location) {
        int q = location.indexOf('?');
        String s = q < 0 ? location : location.substring(0, q);
        int at = s.indexOf('@');
        int scheme = s.indexOf("://");
        if (at > 0 && scheme > 0 && at > scheme) {
            s = s.substring(0, scheme + 3) + s.substring(at + 1); // no credentials
        }
        return sanitize(s);
    }

    /** At most 200 printable ASCII characters, so a header cannot forge log lines. */
    private static String sanitize(String v) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < v.length() && sb.length() < 200; k++) {
            char c = v.charAt(k);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }
}
