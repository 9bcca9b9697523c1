package dev.ferry.dicom.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one audit message with the JDK's StAX writer, in the element and attribute names of the
 * PS3.15 A.5.1 schema. Values are cleaned of what XML 1.0 cannot carry and of line breaks, so that a
 * message is always one line. Not thread-safe: one per message.
 */
final class AuditXml {
    /** An {@code XMLOutputFactory} is not promised to be thread-safe; creating one looks up a service. */
    private static final ThreadLocal<XMLOutputFactory> FACTORY = ThreadLocal.withInitial(XMLOutputFactory::newFactory);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
    private final XMLStreamWriter xml;

    AuditXml() {
        try {
            xml = FACTORY.get().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("AuditMessage");
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the JDK's StAX writer failed", e);
        }
    }

    /** A coded value: {@code csd-code}, {@code codeSystemName}, {@code originalText} (the code meaning). */
    record Code(String code, String system, String meaning) {}

    /** Starts the message: EventIdentification with its EventID, EventTypeCodes and outcome. */
    AuditXml event(Code eventId, String actionCode, Instant time, int outcome, String outcomeDescription,
                   Code... eventTypes) throws XMLStreamException {
        xml.writeStartElement("EventIdentification");
        if (actionCode != null) {
            xml.writeAttribute("EventActionCode", actionCode);
        }
        xml.writeAttribute("EventDateTime", time.toString());
        xml.writeAttribute("EventOutcomeIndicator", Integer.toString(outcome));
        coded("EventID", eventId);
        for (Code t : eventTypes) {
            coded("EventTypeCode", t);
        }
        if (outcomeDescription != null) {
            xml.writeStartElement("EventOutcomeDescription");
            xml.writeCharacters(clean(outcomeDescription));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        return this;
    }

    /** An ActiveParticipant; {@code role} and {@code alternativeUserId} may be null. */
    AuditXml participant(String userId, String alternativeUserId, boolean requestor, Code role)
            throws XMLStreamException {
        xml.writeStartElement("ActiveParticipant");
        xml.writeAttribute("UserID", clean(userId));
        if (alternativeUserId != null) {
            xml.writeAttribute("AlternativeUserID", clean(alternativeUserId));
        }
        xml.writeAttribute("UserIsRequestor", Boolean.toString(requestor));
        if (role != null) {
            coded("RoleIDCode", role);
        }
        xml.writeEndElement();
        return this;
    }

    /** AuditSourceIdentification, type 4: an application server process. */
    AuditXml source(String auditSourceId, String enterpriseSiteId) throws XMLStreamException {
        xml.writeStartElement("AuditSourceIdentification");
        if (enterpriseSiteId != null) {
            xml.writeAttribute("AuditEnterpriseSiteID", clean(enterpriseSiteId));
        }
        xml.writeAttribute("AuditSourceID", clean(auditSourceId));
        xml.writeEmptyElement("AuditSourceTypeCode");
        xml.writeAttribute("csd-code", "4");
        xml.writeEndElement();
        return this;
    }

    /** Starts a ParticipantObjectIdentification; close it with {@link #endObject()}. */
    AuditXml object(String id, int typeCode, int role, Code idType) throws XMLStreamException {
        xml.writeStartElement("ParticipantObjectIdentification");
        xml.writeAttribute("ParticipantObjectID", clean(id));
        xml.writeAttribute("ParticipantObjectTypeCode", Integer.toString(typeCode));
        xml.writeAttribute("ParticipantObjectTypeCodeRole", Integer.toString(role));
        coded("ParticipantObjectIDTypeCode", idType);
        return this;
    }

    AuditXml objectName(String name) throws XMLStreamException {
        xml.writeStartElement("ParticipantObjectName");
        xml.writeCharacters(clean(name));
        xml.writeEndElement();
        return this;
    }

    /** A ParticipantObjectDetail: a type and a value, base64-encoded as the schema's ValuePair says. */
    AuditXml detail(String type, String value) throws XMLStreamException {
        xml.writeEmptyElement("ParticipantObjectDetail");
        xml.writeAttribute("type", clean(type));
        xml.writeAttribute("value", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** ParticipantObjectDescription with one SOPClass of one Instance (the SOP class UID is not known). */
    AuditXml instance(String sopInstanceUid) throws XMLStreamException {
        xml.writeStartElement("ParticipantObjectDescription");
        xml.writeStartElement("SOPClass");
        xml.writeAttribute("NumberOfInstances", "1");
        xml.writeEmptyElement("Instance");
        xml.writeAttribute("UID", clean(sopInstanceUid));
        xml.writeEndElement();
        xml.writeEndElement();
        return this;
    }

    AuditXml endObject() throws XMLStreamException {
        xml.writeEndElement();
        return this;
    }

    /** Ends the message and returns it, UTF-8, with its XML declaration and without a line break. */
    byte[] finish() throws XMLStreamException {
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
        return bytes.toByteArray();
    }

    private void coded(String element, Code c) throws XMLStreamException {
        xml.writeEmptyElement(element);
        xml.writeAttribute("csd-code", c.code());
        xml.writeAttribute("codeSystemName", c.system());
        xml.writeAttribute("originalText", c.meaning());
    }

    /** Replaces what XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/FFFF) and line breaks with spaces. */
    static String clean(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 || c == 0xFFFE || c == 0xFFFF;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                bad = true;
            } else if (Character.isLowSurrogate(c)) {
                bad = true;
            }
            if (bad && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(bad ? ' ' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
