package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.dimse.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AssociationPoolTest {
    private static AssociationRequest request() {
        AssociationRequest.Builder b = AssociationRequest.builder("POOLSCP", "POOLSCU");
        b.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        b.addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian);
        return b.build();
    }

    @Test
    void neverOpensMoreThanItsSizeAndReusesAssociations() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        StorageSink slow = (instance, data) -> {
            int now = concurrent.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                data.transferTo(java.io.OutputStream.nullOutputStream());
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
            return Status.SUCCESS;
        };
        StoreScu.FileInfo ct = StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm"));
        try (DicomServer server = DicomServer.builder().storage(new StorageScp(slow)).build().start();
             AssociationPool pool = new AssociationPool(new RemoteAe("POOLSCP", "127.0.0.1", server.port()), request(),
                     AssociationOptions.defaults(), 2, Duration.ofMinutes(1))) {
            ExecutorService threads = Executors.newFixedThreadPool(6);
            List<Future<Status>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                results.add(threads.submit(() -> {
                    try (AssociationPool.Lease lease = pool.borrow(Duration.ofSeconds(30))) {
                        return StoreScu.store(lease.association(), ct).status();
                    }
                }));
            }
            for (Future<Status> f : results) {
                assertThat(f.get()).isEqualTo(Status.SUCCESS);
            }
            threads.shutdown();
            assertThat(peak.get()).isLessThanOrEqualTo(2);
            assertThat(pool.openedCount()).isEqualTo(2);
            assertThat(server.acceptedAssociations()).isEqualTo(2);
            assertThat(pool.idleCount()).isEqualTo(2);
        }
    }

    @Test
    void replacesAnInvalidatedAssociationAndTimesOutWhenAllAreBusy() throws Exception {
        try (DicomServer server = DicomServer.builder().build().start();
             AssociationPool pool = new AssociationPool(new RemoteAe("POOLSCP", "127.0.0.1", server.port()), request(),
                     AssociationOptions.defaults(), 1, Duration.ofMinutes(1))) {
            try (AssociationPool.Lease lease = pool.borrow(Duration.ofSeconds(5))) {
                assertThat(lease.association().echo().isSuccess()).isTrue();
                assertThatThrownBy(() -> pool.borrow(Duration.ofMillis(100)))
                        .isInstanceOf(AssociationTimeoutException.class).hasMessageContaining("busy");
                lease.invalidate();
            }
            try (AssociationPool.Lease lease = pool.borrow(Duration.ofSeconds(5))) {
                assertThat(lease.association().echo().isSuccess()).isTrue();
            }
            assertThat(pool.openedCount()).isEqualTo(2);
        }
    }

    @Test
    void anIdleAssociationThePeerEndedIsReplacedNotHandedOut() throws Exception {
        AssociationOptions quickIdle = AssociationOptions.builder().idleTimeout(Duration.ofMillis(200)).build();
        try (DicomServer server = DicomServer.builder().options(quickIdle).build().start();
             AssociationPool pool = new AssociationPool(new RemoteAe("POOLSCP", "127.0.0.1", server.port()), request(),
                     AssociationOptions.defaults(), 1, Duration.ofMinutes(1))) {
            try (AssociationPool.Lease lease = pool.borrow(Duration.ofSeconds(5))) {
                assertThat(lease.association().echo().isSuccess()).isTrue();
            }
            Thread.sleep(600); // the server aborts the idle association after 200 ms
            try (AssociationPool.Lease lease = pool.borrow(Duration.ofSeconds(5))) {
                assertThat(lease.association().echo().isSuccess()).as("a fresh association").isTrue();
            }
            assertThat(pool.openedCount()).isEqualTo(2);
        }
    }

    @Test
    void closingReleasesIdleAssociations() throws Exception {
        try (DicomServer server = DicomServer.builder().build().start()) {
            AssociationPool pool = new AssociationPool(new RemoteAe("POOLSCP", "127.0.0.1", server.port()), request(),
                    AssociationOptions.defaults(), 3, Duration.ofMinutes(1));
            try (AssociationPool.Lease a = pool.borrow(Duration.ofSeconds(5));
                 AssociationPool.Lease b = pool.borrow(Duration.ofSeconds(5))) {
                assertThat(a.association().echo().isSuccess()).isTrue();
                assertThat(b.association().echo().isSuccess()).isTrue();
            }
            pool.close();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.openAssociations() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.openAssociations()).isZero();
            assertThatThrownBy(() -> pool.borrow(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        }
    }
}
