package dev.ferry.hl7.identity;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.hl7.fhir.FhirContexts;
import dev.ferry.spi.IdentityResolver;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * A FHIR R4 server as the MPI: {@code GET [base]/Patient?identifier=system|value} for the study's
 * Patient ID, with the identifier system its issuer maps to, then each match's {@code Patient.link} of
 * type {@code replaced-by} followed to the surviving Patient (a bounded chain; a cycle is refused).
 *
 * <p>Decisions: no Patient ID, an issuer without a configured system, no match, or no <em>active</em>
 * survivor ({@code Patient.active} false) → abstain. Exactly one active survivor → resolved: its
 * identifier in a configured system (the study's issuer's system first, then the others in the order
 * they were configured) with the issuer mapped back, and its demographics (first official or first
 * name as PN, birth date as DA, gender as M/F/O). Several distinct active survivors, more matches than
 * {@link Builder#maxMatches(int)}, two {@code replaced-by} links on one Patient, or a cycle → refused
 * ({@link ReasonCode#IDENTITY_CONFLICT}); a chain longer than {@link Builder#maxLinks(int)}, a link to
 * a missing Patient, to another resource type or to another server, or a survivor without an identifier
 * in a configured system →
 * refused ({@link ReasonCode#IDENTITY_UNRESOLVED}). An unreachable or failing server (connection,
 * timeout, HTTP error on the search) is a {@link TransientMigrationException}: the study is retried,
 * never moved under its old identity.
 *
 * <p>The HTTP client is HAPI's generic client of the shared {@link FhirContexts#r4()} context, asking
 * for JSON, without a metadata check. HAPI keeps the HTTP settings (connect, read and pool-wait
 * timeouts, pool size) in the context's client factory, which every request goes through, so
 * {@link Builder#timeout(Duration)} sets them for the whole context: the last FHIR MPI built in a
 * process decides the timeout of all of them (one MPI per process is the expected case). HAPI's
 * exception messages carry the request URL, so the identifier: they are never passed on; the causes
 * chained are {@link Redacted}.
 *
 * <p>Thread-safe (HAPI's generic client is); deterministic while the server's data is unchanged.
 * {@link #close()} is a no-op today (the pool is the shared context's).
 */
public final class FhirMpiResolver implements IdentityResolver, AutoCloseable {
    private final String name;
    private final String serverBase;
    private final Map<String, String> systemByIssuer;
    private final int maxLinks;
    private final int maxMatches;
    private final IGenericClient client;

    private FhirMpiResolver(Builder b) {
        this.name = b.name;
        this.serverBase = b.serverBase;
        this.systemByIssuer = Collections.unmodifiableMap(new LinkedHashMap<>(b.systems));
        this.maxLinks = b.maxLinks;
        this.maxMatches = b.maxMatches;
        FhirContext ctx = FhirContexts.r4();
        // HAPI builds every request through its context's client factory, whatever factory made the
        // client: the timeouts must be set there (see the class documentation).
        IRestfulClientFactory factory = ctx.getRestfulClientFactory();
        int millis = (int) Math.min(Integer.MAX_VALUE, b.timeout.toMillis());
        factory.setConnectTimeout(millis);
        factory.setSocketTimeout(millis);
        factory.setConnectionRequestTimeout(millis);
        IGenericClient generic = ctx.newRestfulGenericClient(b.serverBase);
        if (generic instanceof ca.uhn.fhir.rest.client.impl.BaseClient base) {
            base.setDontValidateConformance(true);
        }
        this.client = generic;
        client.setEncoding(EncodingEnum.JSON);
    }

    /** Starts a resolver against the FHIR server at {@code serverBase} (e.g. {@code http://mpi.example/fhir}). */
    public static Builder builder(String serverBase) {
        return new Builder(serverBase);
    }

    @Override
    public IdentityDecision resolve(IdentityContext context) {
        StudyDescriptor study = context.study();
        PatientIdentity patient = study.patient();
        if (patient == null) {
            return IdentityDecision.abstain("the study has no patient identifier");
        }
        String system = systemByIssuer.get(patient.issuer());
        if (system == null) {
            return IdentityDecision.abstain("no FHIR identifier system is configured for the study's issuer");
        }
        List<Patient> matches = search(study.ref(), system, patient.id());
        if (matches == null) {
            return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT,
                    "the FHIR MPI has more than " + maxMatches + " Patients with the study's identifier");
        }
        if (matches.isEmpty()) {
            return IdentityDecision.abstain("no Patient in the FHIR MPI has the study's identifier");
        }
        Map<String, Patient> survivors = new LinkedHashMap<>();
        List<String> evidence = new ArrayList<>();
        for (Patient match : matches) {
            Object end = follow(study.ref(), match, evidence);
            if (end instanceof IdentityDecision.Refused refused) {
                return refused;
            }
            Patient survivor = (Patient) end;
            survivors.putIfAbsent(key(survivor), survivor);
        }
        List<Patient> active = survivors.values().stream().filter(p -> !p.hasActive() || p.getActive()).toList();
        if (active.isEmpty()) {
            return IdentityDecision.abstain("the FHIR MPI's Patients with the study's identifier are all inactive");
        }
        if (active.size() > 1) {
            return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT, "the FHIR MPI has " + active.size()
                    + " different active Patients for the study's identifier");
        }
        Patient survivor = active.get(0);
        PatientIdentity target = identity(survivor, patient.issuer());
        if (target == null) {
            return IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED,
                    "the surviving FHIR Patient has no identifier in a configured system");
        }
        evidence.add(0, "FHIR MPI " + name + ": Patient found by identifier (" + matches.size() + " match"
                + (matches.size() == 1 ? "" : "es") + ")");
        evidence.add("FHIR MPI " + name + ": survivor " + key(survivor));
        return IdentityDecision.resolved(new ResolvedIdentity(target, demographics(survivor), study.accession(),
                evidence));
    }

    /** The matching Patients, or null when there are more than {@link #maxMatches}. */
    private List<Patient> search(ItemRef item, String system, String value) {
        Bundle bundle;
        try {
            bundle = client.search().forResource(Patient.class)
                    .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(system, value))
                    .count(maxMatches + 1)
                    .returnBundle(Bundle.class)
                    .execute();
        } catch (RuntimeException e) {
            throw failure(item, "search", e);
        }
        List<Patient> out = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof Patient p
                    && (!e.hasSearch() || !e.getSearch().hasMode()
                            || e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)) {
                out.add(p);
            }
        }
        if (out.size() > maxMatches || bundle.getLink(Bundle.LINK_NEXT) != null
                || (bundle.hasTotal() && bundle.getTotal() > maxMatches)) {
            return null;
        }
        return out;
    }

    /** Follows replaced-by links from {@code start}: the surviving Patient, or a Refused decision. */
    private Object follow(ItemRef item, Patient start, List<String> evidence) {
        Set<String> seen = new HashSet<>();
        Patient current = start;
        seen.add(key(current));
        for (int hops = 0; ; hops++) {
            List<Reference> next = new ArrayList<>();
            for (Patient.PatientLinkComponent link : current.getLink()) {
                if (link.getType() == Patient.LinkType.REPLACEDBY && link.hasOther()) {
                    next.add(link.getOther());
                }
            }
            if (next.isEmpty()) {
                return current;
            }
            if (next.size() > 1) {
                return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT,
                        "a FHIR Patient on the chain has " + next.size() + " replaced-by links");
            }
            if (hops >= maxLinks) {
                return IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED,
                        "the replaced-by chain is longer than " + maxLinks + " links");
            }
            IdType ref = new IdType(next.get(0).getReference());
            if (!ref.hasIdPart() || (ref.hasResourceType() && !"Patient".equals(ref.getResourceType()))) {
                return IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED,
                        "a replaced-by link does not point to a Patient");
            }
            if (ref.isAbsolute() && !sameServer(ref.getBaseUrl())) {
                return IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED,
                        "a replaced-by link points to a Patient on another server");
            }
            String target = "Patient/" + ref.getIdPart();
            if (!seen.add(target)) {
                return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT, "the replaced-by links form a cycle");
            }
            Patient read;
            try {
                read = client.read().resource(Patient.class).withId(ref.getIdPart()).execute();
            } catch (BaseServerResponseException e) {
                if (e.getStatusCode() == 404 || e.getStatusCode() == 410) {
                    return IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED,
                            "a replaced-by link points to a Patient the FHIR MPI does not have");
                }
                throw failure(item, "read", e);
            } catch (RuntimeException e) {
                throw failure(item, "read", e);
            }
            evidence.add("FHIR MPI " + name + ": " + key(current) + " replaced by " + key(read));
            current = read;
        }
    }

    private boolean sameServer(String base) {
        return strip(base).equals(strip(serverBase));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String key(Patient p) {
        return "Patient/" + p.getIdElement().getIdPart();
    }

    private TransientMigrationException failure(ItemRef item, String what, RuntimeException e) {
        ReasonCode reason = ReasonCode.NETWORK;
        String detail;
        if (e instanceof FhirClientConnectionException) {
            reason = causedBy(e, InterruptedIOException.class)
                    ? ReasonCode.TIMEOUT : ReasonCode.NETWORK;
            detail = "no answer";
        } else if (e instanceof BaseServerResponseException s) {
            int status = s.getStatusCode();
            reason = switch (status) {
                case 408, 504 -> ReasonCode.TIMEOUT;
                case 429, 503 -> ReasonCode.PEER_BUSY;
                default -> ReasonCode.NETWORK;
            };
            detail = "HTTP " + status;
        } else {
            detail = "unexpected answer (" + e.getClass().getSimpleName() + ")";
        }
        return new TransientMigrationException(reason, item, "FHIR MPI " + name + " " + what + " failed: " + detail,
                Redacted.of(e));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int i = 0; t != null && i < 16; i++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private PatientIdentity identity(Patient p, String preferredIssuer) {
        List<String> issuers = new ArrayList<>();
        issuers.add(preferredIssuer);
        issuers.addAll(systemByIssuer.keySet());
        for (String issuer : issuers) {
            String system = systemByIssuer.get(issuer);
            for (Identifier id : p.getIdentifier()) {
                if (system.equals(id.getSystem()) && id.hasValue() && !id.getValue().isBlank()) {
                    return PatientIdentity.of(id.getValue().strip(), issuer);
                }
            }
        }
        return null;
    }

    static Demographics demographics(Patient p) {
        HumanName name = null;
        for (HumanName n : p.getName()) {
            if (n.getUse() == HumanName.NameUse.OFFICIAL) {
                name = n;
                break;
            }
        }
        if (name == null && p.hasName()) {
            name = p.getNameFirstRep();
        }
        String pn = name == null ? "" : pn(name);
        String birth = p.hasBirthDateElement() && p.getBirthDateElement().getValueAsString() != null
                ? p.getBirthDateElement().getValueAsString().replace("-", "") : "";
        String sex = "";
        if (p.hasGender()) {
            Enumerations.AdministrativeGender g = p.getGender();
            sex = switch (g) {
                case MALE -> "M";
                case FEMALE -> "F";
                case OTHER -> "O";
                default -> "";
            };
        }
        return new Demographics(pn, birth, sex);
    }

    /** FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX, trailing empty components dropped. */
    private static String pn(HumanName n) {
        List<StringType> given = n.getGiven();
        String[] c = {
            n.hasFamily() ? n.getFamily() : "",
            given.size() > 0 ? given.get(0).getValue() : "",
            given.size() > 1 ? given.subList(1, given.size()).stream().map(StringType::getValue)
                    .reduce((a, b) -> a + " " + b).orElse("") : "",
            n.hasPrefix() ? n.getPrefixAsSingleString() : "",
            n.hasSuffix() ? n.getSuffixAsSingleString() : ""
        };
        int last = c.length;
        while (last > 0 && (c[last - 1] == null || c[last - 1].isEmpty())) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < last; i++) {
            sb.append(i == 0 ? "" : "^").append(c[i] == null ? "" : c[i]);
        }
        return sb.toString();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Does nothing today: the connection pool belongs to the shared FHIR context's client factory and
     * outlives any one resolver. Kept so callers release a resolver as if it held resources, which a
     * later version with its own pool will.
     */
    @Override
    public void close() {
        // The pool is the shared context's; see above.
    }

    @Override
    public String toString() {
        return "FhirMpiResolver[" + name + ", issuers=" + systemByIssuer.keySet() + "]";
    }

    /** Options of a {@link FhirMpiResolver}. Not thread-safe. */
    public static final class Builder {
        private final String serverBase;
        private final Map<String, String> systems = new LinkedHashMap<>();
        private String name = "FhirMpiResolver";
        private Duration timeout = Duration.ofSeconds(10);
        private int maxLinks = 8;
        private int maxMatches = 10;

        private Builder(String serverBase) {
            Objects.requireNonNull(serverBase, "serverBase");
            URI uri;
            try {
                uri = URI.create(serverBase);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("FHIR MPI serverBase is not a URI");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ConfigurationException("FHIR MPI serverBase must be an http or https URL");
            }
            this.serverBase = serverBase;
        }

        /** Maps a DICOM issuer of Patient ID to the FHIR identifier system URI its identifiers have. */
        public Builder system(String issuer, String systemUri) {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(systemUri, "systemUri");
            if (systemUri.isBlank()) {
                throw new ConfigurationException("FHIR MPI system for issuer " + issuer + " is blank");
            }
            systems.put(issuer, systemUri);
            return this;
        }

        /** Maps several issuers at once, in the map's iteration order. */
        public Builder systems(Map<String, String> systemByIssuer) {
            systemByIssuer.forEach(this::system);
            return this;
        }

        /** Connect, read and pool-wait timeout of each request; 10 s by default. */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new ConfigurationException("FHIR MPI timeout must be positive: " + value);
            }
            this.timeout = value;
            return this;
        }

        /** The most replaced-by links followed from one match; 8 by default. */
        public Builder maxLinks(int links) {
            if (links < 0 || links > 64) {
                throw new ConfigurationException("FHIR MPI maxLinks must be within 0..64: " + links);
            }
            this.maxLinks = links;
            return this;
        }

        /** The most Patients one identifier may match before the study is refused; 10 by default. */
        public Builder maxMatches(int matches) {
            if (matches < 1 || matches > 100) {
                throw new ConfigurationException("FHIR MPI maxMatches must be within 1..100: " + matches);
            }
            this.maxMatches = matches;
            return this;
        }

        /** The resolver's {@link IdentityResolver#name()}; {@code FhirMpiResolver} by default. */
        public Builder name(String resolverName) {
            Objects.requireNonNull(resolverName, "name");
            if (resolverName.isBlank()) {
                throw new ConfigurationException("the resolver's name must not be blank");
            }
            this.name = resolverName;
            return this;
        }

        public FhirMpiResolver build() {
            if (systems.isEmpty()) {
                throw new ConfigurationException("FHIR MPI needs at least one issuer → identifier system mapping");
            }
            return new FhirMpiResolver(this);
        }
    }
}
