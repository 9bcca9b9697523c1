/**
 * Character sets of DICOM text: {@link dev.ferry.dicom.charset.SpecificCharacterSet}, the
 * {@link dev.ferry.api.TextCodec} for a value of Specific Character Set (0008,0005), with ISO 2022
 * code extensions (PS3.5 section 6.1, PS3.3 section C.12.1.1.2), and
 * {@link dev.ferry.dicom.charset.PersonName}, the components of a PN value (PS3.5 section 6.2.1).
 */
package dev.ferry.dicom.charset;
