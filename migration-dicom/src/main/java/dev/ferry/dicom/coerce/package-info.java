/**
 * Declarative tag coercion: {@link dev.ferry.dicom.coerce.Rule rules} (conditions and actions, as
 * Java records or read from YAML by {@link dev.ferry.dicom.coerce.RuleReader}) run by
 * {@link dev.ferry.dicom.coerce.RuleCoercer}, a {@link dev.ferry.spi.TagCoercer} that reports every
 * change and keeps the originals in the Original Attributes Sequence (PS3.3 section C.12.1.1.9), and
 * {@link dev.ferry.dicom.coerce.CoercionDryRun}, which shows what the rules would do to a sample.
 */
package dev.ferry.dicom.coerce;
