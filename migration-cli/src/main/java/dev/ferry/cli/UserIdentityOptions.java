package dev.ferry.cli;

import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.pdu.UserIdentityRq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * User identity negotiation for the SCU commands (PS3.7 D.3.3.7): a username, a username and
 * passcode, or a Kerberos ticket, SAML assertion or JSON Web Token read from a file. The peer is
 * asked to confirm it (positive response requested), so a peer that ignores the identity shows.
 */
final class UserIdentityOptions {
    /** The kinds of token {@code --user-token-type} accepts. */
    enum TokenType {
        JWT(UserIdentityRq.IdentityType.JWT),
        SAML(UserIdentityRq.IdentityType.SAML),
        KERBEROS(UserIdentityRq.IdentityType.KERBEROS);

        final UserIdentityRq.IdentityType type;

        TokenType(UserIdentityRq.IdentityType type) {
            this.type = type;
        }
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", description = "User identity: this username (PS3.7 D.3.3.7).")
    String user;

    @Option(names = "--password", paramLabel = "PW",
            description = "With --user: send the username with this passcode.")
    String password;

    @Option(names = "--user-token", paramLabel = "FILE",
            description = "User identity: the token in FILE (a JWT, a SAML assertion or a Kerberos ticket, "
                    + "as --user-token-type says).")
    Path tokenFile;

    @Option(names = "--user-token-type", paramLabel = "TYPE", defaultValue = "JWT",
            description = "What --user-token holds: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    TokenType tokenType;

    /**
     * Applies these flags to a DICOMweb client as HTTP authentication: --user and --password as
     * Basic, --user-token FILE as a Bearer token read from the file for each request.
     */
    void applyTo(dev.ferry.dicom.web.AbstractDicomWebBuilder<?> b) {
        if (password != null && user == null) {
            throw new ParameterException(spec.commandLine(), "--password needs --user");
        }
        if (user != null && tokenFile != null) {
            throw new ParameterException(spec.commandLine(), "give --user or --user-token, not both");
        }
        if (user != null) {
            if (password == null) {
                throw new ParameterException(spec.commandLine(), "a dicomweb: archive needs --password with --user");
            }
            b.basicAuth(user, password.toCharArray());
        } else if (tokenFile != null) {
            Path file = tokenFile;
            b.bearerToken(() -> {
                try {
                    return Files.readString(file).strip();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot read --user-token " + file, e);
                }
            });
        }
    }

    /** Adds the user identity these flags say, if any, to {@code request}. */
    AssociationRequest.Builder apply(AssociationRequest.Builder request) {
        if (password != null && user == null) {
            throw new ParameterException(spec.commandLine(), "--password needs --user");
        }
        if (user != null && tokenFile != null) {
            throw new ParameterException(spec.commandLine(), "give --user or --user-token, not both");
        }
        if (user != null) {
            request.userIdentity(password == null ? UserIdentityRq.username(user, true)
                    : UserIdentityRq.usernameAndPasscode(user, password, true));
        } else if (tokenFile != null) {
            byte[] token;
            try {
                token = Files.readAllBytes(tokenFile);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read --user-token " + tokenFile + ": " + e);
            }
            request.userIdentity(UserIdentityRq.of(tokenType.type, token, true));
        }
        return request;
    }
}
