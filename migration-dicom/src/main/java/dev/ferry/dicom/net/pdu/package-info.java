/**
 * The DICOM Upper Layer protocol data units of PS3.8 section 9.3, as immutable records, and their
 * codec: {@link dev.ferry.dicom.net.pdu.PduEncoder} writes them, {@link dev.ferry.dicom.net.pdu.PduReader}
 * reads them from a stream, whole or, for P-DATA-TF, PDV by PDV into the caller's buffers.
 *
 * <p>The codec checks the structure PS3.8 gives the PDUs (lengths, mandatory items, the values a
 * field may take) and reports what is wrong as a {@link dev.ferry.dicom.net.pdu.PduException}
 * carrying the A-ABORT reason to send. It does not negotiate: whether an application context, an
 * abstract syntax or a protocol version is acceptable, and whether a PDU is expected in the
 * association's state, is the association layer's decision (it answers some of them with an
 * A-ASSOCIATE-RJ or a rejected presentation context, not an abort).
 *
 * <p>Strings in the PDUs (AE titles, UIDs, the implementation version name) are read one byte a
 * character (ISO 8859-1), so whatever a peer sends survives a decode and an encode unchanged.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.html">PS3.8 section 9.3</a>
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part07/sect_D.3.3.html">PS3.7 Annex D.3.3</a>
 */
package dev.ferry.dicom.net.pdu;
