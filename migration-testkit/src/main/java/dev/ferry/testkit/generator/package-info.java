/**
 * The dirty legacy archive generator: {@link dev.ferry.testkit.generator.ArchiveGenerator} writes,
 * deterministically from {@link dev.ferry.testkit.generator.GeneratorSettings}, an archive of Part 10
 * files with the faults that break migrations ({@link dev.ferry.testkit.generator.DirtProfile}),
 * its HL7 ADT history and a {@link dev.ferry.testkit.generator.GroundTruth} manifest that tests
 * assert against; or loads the same instances into an in-memory archive.
 */
package dev.ferry.testkit.generator;
