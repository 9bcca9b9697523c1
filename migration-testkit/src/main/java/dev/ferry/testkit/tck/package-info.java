/**
 * The SPI conformance kit: one abstract JUnit 5 class per SPI interface
 * ({@link dev.ferry.testkit.tck.SourceArchiveConformance},
 * {@link dev.ferry.testkit.tck.DestinationArchiveConformance},
 * {@link dev.ferry.testkit.tck.CustodyLogConformance},
 * {@link dev.ferry.testkit.tck.IdentityResolverConformance},
 * {@link dev.ferry.testkit.tck.TagCoercerConformance},
 * {@link dev.ferry.testkit.tck.VerifierConformance}). An implementation's test extends the kit and
 * supplies the implementation through the kit's abstract methods; each kit's Javadoc shows how.
 * Failure messages name UIDs, tags and counts; values that could be patient data are redacted or
 * compared without being printed.
 */
package dev.ferry.testkit.tck;
