/**
 * The private tag audit: {@link dev.ferry.dicom.privatetags.PrivateTagAudit} surveys which private
 * groups, creators and elements a source holds, per manufacturer, model and modality, as shapes
 * (never values), and flags content a {@link dev.ferry.dicom.privatetags.KnownPrivateContent} table
 * knows to be clinically relevant (radiation dose, shutters, display, SR references), so that a
 * migration does not lose it silently.
 */
package dev.ferry.dicom.privatetags;
