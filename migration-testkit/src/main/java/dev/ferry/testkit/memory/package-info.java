/**
 * In-memory reference implementations of the SPI: {@link dev.ferry.testkit.memory.InMemoryArchive}
 * (a source and a destination) and {@link dev.ferry.testkit.memory.InMemoryCustodyLog}. They pass the
 * conformance kits in {@code dev.ferry.testkit.tck} and stand in for real archives and logs in tests
 * and demos; nothing they hold survives the process.
 */
package dev.ferry.testkit.memory;
