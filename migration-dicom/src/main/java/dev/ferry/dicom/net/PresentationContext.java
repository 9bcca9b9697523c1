package dev.ferry.dicom.net;

/**
 * An accepted presentation context: the abstract syntax (SOP class) the requestor proposed under
 * this ID and the transfer syntax the acceptor chose. Immutable.
 *
 * @param id the odd presentation context ID, 1 to 255
 * @param abstractSyntax the SOP class (or meta SOP class) UID
 * @param transferSyntax the transfer syntax UID both sides use for data sets on this context
 */
public record PresentationContext(int id, String abstractSyntax, String transferSyntax) {
}
