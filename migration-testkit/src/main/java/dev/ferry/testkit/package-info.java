/**
 * Synthetic test data for Ferry and for implementers of its SPI: deterministic UIDs
 * ({@link dev.ferry.testkit.TestInstances}), realistic instances and studies
 * ({@link dev.ferry.testkit.SyntheticInstance}, {@link dev.ferry.testkit.SyntheticStudy}) whose pixel
 * data is generated while it is read ({@link dev.ferry.testkit.GeneratedPixelData}), and digests to
 * compare what an archive returns with what it was given ({@link dev.ferry.testkit.PixelDataDigests}).
 * All data is made up; none of it is patient data.
 */
package dev.ferry.testkit;
