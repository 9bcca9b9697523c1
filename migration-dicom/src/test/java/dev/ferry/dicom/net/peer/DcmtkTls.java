package dev.ferry.dicom.net.peer;

import java.util.List;

/**
 * dcmtk 3.6.7's TLS options for a {@link TestPki}, to put before the host and port of
 * {@code storescu}, {@code echoscu} or {@code findscu} (the only clients with TLS; {@code movescu},
 * {@code getscu} and {@code dcmqrscp} have none) or before the port of {@code storescp}.
 *
 * <p>The options used: {@code +tls key cert} (TLS with this key and certificate, PEM by default),
 * {@code -pw} (the key has no password: without it dcmtk prompts on stdin), {@code +cf file} (trust
 * this CA certificate), {@code -rc} (verify the peer's certificate and fail without one: the default,
 * explicit here). The security profile is left at its default, {@code +py}, the non-downgrading BCP
 * 195 profile: TLS 1.2 or 1.3, where OpenSSL 3 negotiates TLS 1.3 (TLS_AES_256_GCM_SHA384) and, if the
 * peer allows only 1.2, DHE-RSA-AES256-GCM-SHA384 or an ECDHE suite.
 */
public final class DcmtkTls {
    private DcmtkTls() {}

    /** A client presenting the client certificate and verifying the server's against the CA. */
    public static List<String> clientArgs(TestPki pki) {
        return List.of("+tls", pki.clientKey().toString(), pki.clientCert().toString(), "-pw",
                "+cf", pki.caCert().toString(), "-rc");
    }

    /** A client without a certificate ({@code +tla}) that still verifies the server's. */
    public static List<String> anonymousClientArgs(TestPki pki) {
        return List.of("+tla", "+cf", pki.caCert().toString(), "-rc");
    }

    /** An SCP with the server certificate that requires a client certificate the CA signed. */
    public static List<String> serverArgs(TestPki pki) {
        return List.of("+tls", pki.serverKey().toString(), pki.serverCert().toString(), "-pw",
                "+cf", pki.caCert().toString(), "-rc");
    }
}
