/**
 * The DIMSE message layer (PS3.7): command sets and their encoding, the typed DIMSE-C and DIMSE-N
 * messages built on them, and the status a response carries.
 *
 * <ul>
 *   <li>{@link dev.ferry.dicom.net.dimse.CommandCodec} turns a command set (group 0000, Implicit VR
 *       Little Endian, PS3.7 section 6.3.1) into bytes and back, bounded and strict about lengths;</li>
 *   <li>{@link dev.ferry.dicom.net.dimse.DimseMessage} and its records are the messages of PS3.7
 *       chapters 9 (DIMSE-C) and 10 (DIMSE-N), each converting to and from a command
 *       {@link dev.ferry.api.Dataset}; {@link dev.ferry.dicom.net.dimse.DimseMessage#parse} dispatches on
 *       Command Field (0000,0100);</li>
 *   <li>{@link dev.ferry.dicom.net.dimse.Status} classifies a status code (PS3.7 Annex C) and
 *       describes it in the terms of the service that returned it (PS3.4).</li>
 * </ul>
 *
 * <p>This layer knows nothing of PDUs, fragmentation or associations: the Upper Layer gathers the
 * command fragments of one message and hands their bytes here. A malformed command is a
 * {@link dev.ferry.dicom.net.dimse.DimseCommandException}; no value from a command ever reaches an
 * exception message.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part07/PS3.7.html">PS3.7</a>
 */
package dev.ferry.dicom.net.dimse;
