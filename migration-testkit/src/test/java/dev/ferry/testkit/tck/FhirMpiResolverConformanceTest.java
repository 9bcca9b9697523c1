package dev.ferry.testkit.tck;

import static dev.ferry.testkit.tck.TableIdentityResolverConformanceTest.context;

import ca.uhn.fhir.parser.IParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.fhir.FhirContexts;
import dev.ferry.hl7.identity.FhirMpiResolver;
import dev.ferry.spi.IdentityResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The identity kit against the FHIR MPI, served by a scripted FHIR endpoint on loopback (the JDK's
 * HTTP server answering {@code Patient?identifier=} searches and {@code Patient/id} reads with HAPI-encoded
 * JSON; migration-hl7's own test runs it against HAPI's RestfulServer): a plain match, a replaced-by chain,
 * an unknown identifier, and two active matches that must be refused.
 */
class FhirMpiResolverConformanceTest extends IdentityResolverConformance {
    static final String SYSTEM = "urn:oid:1.2.3.4.100";
    static final Map<String, Patient> PATIENTS = new LinkedHashMap<>();
    static HttpServer server;
    static ExecutorService executor;
    private FhirMpiResolver resolver;

    @BeforeAll
    static void start() throws IOException {
        Patient anna = patient("P1", "MRN-FH-4711", true);
        anna.addName().setFamily("SCHMIDT").addGiven("ANNA");
        anna.setBirthDateElement(new DateType("1965-04-12"));
        anna.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient("P2", "MRN-FH-5812", false).addLink().setType(Patient.LinkType.REPLACEDBY)
                .setOther(new Reference("Patient/P3"));
        patient("P3", "MRN-FH-6923", true);
        patient("P4", "MRN-FH-7034", true);
        patient("P5", "MRN-FH-7034", true);

        // The JDK server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and
        // delayed ACKs cost ~40 ms a request (read once, when the server classes first load).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        executor = Executors.newFixedThreadPool(4);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/fhir/Patient", FhirMpiResolverConformanceTest::handle);
        server.setExecutor(executor);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @AfterEach
    void closeResolver() {
        if (resolver != null) {
            resolver.close();
        }
    }

    static Patient patient(String id, String mrn, boolean active) {
        Patient p = new Patient();
        p.setId(id);
        p.setActive(active);
        p.addIdentifier(new Identifier().setSystem(SYSTEM).setValue(mrn));
        PATIENTS.put(id, p);
        return p;
    }

    static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            Resource answer;
            if (path.equals("/fhir/Patient")) {
                String token = "";
                for (String kv : query == null ? new String[0] : query.split("&")) {
                    if (kv.startsWith("identifier=")) {
                        token = URLDecoder.decode(kv.substring("identifier=".length()), StandardCharsets.UTF_8);
                    }
                }
                Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
                List<Patient> matches = new ArrayList<>();
                for (Patient p : PATIENTS.values()) {
                    if (token.equals(SYSTEM + "|" + p.getIdentifierFirstRep().getValue())) {
                        matches.add(p);
                    }
                }
                for (Patient p : matches) {
                    bundle.addEntry().setFullUrl("http://mpi/fhir/Patient/" + p.getIdPart()).setResource(p)
                            .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
                }
                answer = bundle.setTotal(matches.size());
            } else {
                answer = PATIENTS.get(path.substring("/fhir/Patient/".length()));
            }
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            IParser parser = FhirContexts.r4().newJsonParser();
            byte[] body = parser.encodeResourceToString(answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/fhir+json; charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    protected IdentityResolver createResolver() {
        resolver = FhirMpiResolver.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir")
                .system("HOSP_A", SYSTEM).timeout(Duration.ofSeconds(5)).build();
        return resolver;
    }

    @Override
    protected List<IdentityContext> sampleContexts() {
        return List.of(
                context(31, PatientIdentity.of("MRN-FH-4711", "HOSP_A"), new Demographics("SCHMIDT^ANNA", "19650412", "F"),
                        "ACC-63101"),
                context(32, PatientIdentity.of("MRN-FH-5812", "HOSP_A"), new Demographics("LEE^KIM", "19900101", "M"),
                        "ACC-63102"),
                context(33, PatientIdentity.of("MRN-FH-9999", "HOSP_A"), Demographics.UNKNOWN, "ACC-63103"),
                context(34, PatientIdentity.of("MRN-FH-4711", "HOSP_Q"), Demographics.UNKNOWN, "ACC-63104"),
                context(35, null, Demographics.UNKNOWN, ""));
    }

    @Override
    protected List<IdentityContext> contextsThatMustBeRefused() {
        return List.of(context(36, PatientIdentity.of("MRN-FH-7034", "HOSP_A"), Demographics.UNKNOWN, "ACC-63106"));
    }
}
