/**
 * A legacy PACS to migrate from, and a strict PACS to migrate to, in process and on loopback, for
 * tests, demos and benchmarks that need no external peer.
 *
 * <ul>
 *   <li>{@link dev.ferry.testkit.simulator.LegacyPacsSimulator} serves a folder of Part 10 files over
 *       DIMSE (C-FIND, C-MOVE, C-GET, Study and Patient Root, on Ferry's own SCP framework) and
 *       DICOMweb (QIDO-RS, WADO-RS), with the faults of legacy archives switched on by
 *       {@link dev.ferry.testkit.simulator.Faults} and new studies arriving over time;
 *   <li>{@link dev.ferry.testkit.simulator.StrictDestination} stores what conforms and refuses
 *       headers that break its {@link dev.ferry.testkit.simulator.StrictRule}s, naming the
 *       attribute, never its value.
 * </ul>
 *
 * <p>Query matching follows PS3.4 C.2.2.2; results, WADO-RS bodies and refusals are built so that
 * nothing the simulators log names a patient.
 */
package dev.ferry.testkit.simulator;
