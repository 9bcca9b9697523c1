package dev.ferry.hl7.identity;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.ferry.hl7.fhir.FhirContexts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * A HAPI FHIR {@link RestfulServer} with an in-memory Patient provider (identifier search and read),
 * on an embedded Jetty bound to 127.0.0.1 on an ephemeral port, plus {@code /busy/*} which always
 * answers 503. Start, add patients, {@link #close()}.
 */
final class InProcessFhirMpi implements AutoCloseable {
    private final Map<String, Patient> patients = new ConcurrentHashMap<>();
    private final Server server;
    private final int port;

    InProcessFhirMpi() throws Exception {
        RestfulServer restful = new RestfulServer(FhirContexts.r4());
        restful.setResourceProviders(new PatientProvider());
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("fhir-mpi-test");
        server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(restful), "/fhir/*");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                resp.setStatus(503);
            }
        }), "/busy/*");
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        port = connector.getLocalPort();
    }

    String base() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    String busyBase() {
        return "http://127.0.0.1:" + port + "/busy";
    }

    /** Adds a Patient with the logical id {@code id} and returns it for more settings. */
    Patient add(String id, String system, String value) {
        Patient p = new Patient();
        p.setId(id);
        if (system != null) {
            p.addIdentifier().setSystem(system).setValue(value);
        }
        patients.put(id, p);
        return p;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the test FHIR server failed", e);
        }
    }

    /** Patient search by identifier token and read by id. */
    public final class PatientProvider implements IResourceProvider {
        @Override
        public Class<Patient> getResourceType() {
            return Patient.class;
        }

        @Read
        public Patient read(@IdParam IdType id) {
            Patient p = patients.get(id.getIdPart());
            if (p == null) {
                throw new ResourceNotFoundException(id);
            }
            return p;
        }

        @Search
        public List<Patient> byIdentifier(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam token) {
            List<Patient> out = new ArrayList<>();
            for (Patient p : patients.values()) {
                for (Identifier i : p.getIdentifier()) {
                    if (token.getValue().equals(i.getValue())
                            && (token.getSystem() == null || token.getSystem().equals(i.getSystem()))) {
                        out.add(p);
                        break;
                    }
                }
            }
            out.sort((a, b) -> a.getIdElement().getIdPart().compareTo(b.getIdElement().getIdPart()));
            return out;
        }
    }
}
