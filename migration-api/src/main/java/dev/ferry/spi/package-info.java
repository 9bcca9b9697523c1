/**
 * The six interfaces a vendor implements to plug into Ferry: {@link dev.ferry.spi.SourceArchive},
 * {@link dev.ferry.spi.DestinationArchive}, {@link dev.ferry.spi.IdentityResolver},
 * {@link dev.ferry.spi.TagCoercer}, {@link dev.ferry.spi.Verifier} and {@link dev.ferry.spi.CustodyLog}.
 * Each states its contract (threading, idempotency, streaming, failures) and has a conformance kit
 * in {@code migration-testkit} ({@code dev.ferry.testkit.tck}) that checks it.
 *
 * <p>Implementations are registered explicitly (constructor or builder); discovery through
 * {@link java.util.ServiceLoader} is opt-in. Parameters and results are non-null unless stated.
 */
package dev.ferry.spi;
