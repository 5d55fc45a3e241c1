#include "decoderinternal.h"
#include "topics.h"

namespace PingScope::Protocol::Detail {

namespace {

QString describeConnectFlags(quint8 flags)
{
    QStringList parts;
    if (flags & 0x80u)
        parts << QStringLiteral("user name");
    if (flags & 0x40u)
        parts << QStringLiteral("password");
    if (flags & 0x04u) {
        parts << QStringLiteral("will QoS %1").arg((flags >> 3) & 0x3u);
        if (flags & 0x20u)
            parts << QStringLiteral("will retain");
    }
    if (flags & 0x02u)
        parts << QStringLiteral("clean");
    return QStringLiteral("0x%1 (%2)")
        .arg(hexByte(flags),
             parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", ")));
}

// Connect flags: bit 7 user name, 6 password, 5 will retain, 4-3 will QoS, 2 will,
// 1 clean session / clean start, 0 reserved (3.1.1 section 3.1.2.3, 5.0 section 3.1.2.3).
void checkConnectFlags(ByteReader &r, quint8 flags, ProtocolVersion version, qsizetype at)
{
    const bool will = flags & 0x04u;
    const quint8 willQoS = (flags >> 3) & 0x3u;
    if (flags & 0x01u)
        r.fail(DecodeErrorCode::InvalidConnectFlags,
               QStringLiteral("the reserved connect flag (bit 0) is set [MQTT-3.1.2-3]"), at);
    else if (willQoS == 3)
        r.fail(DecodeErrorCode::InvalidQoS,
               QStringLiteral("the will QoS is 3, which does not exist [MQTT-3.1.2-14]"), at);
    else if (!will && (willQoS != 0 || (flags & 0x20u)))
        r.fail(DecodeErrorCode::InvalidConnectFlags,
               QStringLiteral("will QoS or will retain is set without the will flag "
                              "[MQTT-3.1.2-11] [MQTT-3.1.2-13]"),
               at);
    else if (version != ProtocolVersion::V5 && (flags & 0x40u) && !(flags & 0x80u))
        r.fail(DecodeErrorCode::InvalidConnectFlags,
               QStringLiteral("a password without a user name is not allowed before MQTT 5.0 "
                              "(3.1.1 [MQTT-3.1.2-22])"),
               at);
}

} // namespace

void decodeConnect(BodyContext &c, Packet &out)
{
    ByteReader &r = c.reader;
    auto &packet = out.emplace<ConnectPacket>();
    int group = r.beginGroup(QStringLiteral("Variable header"));
    const qsizetype nameAt = r.offset();
    const QString protocolName = r.utf8("Protocol Name");
    const qsizetype levelAt = r.offset();
    const quint8 level = r.u8("Protocol Level");
    if (r.failed())
        return;
    if (protocolName != QLatin1String("MQTT") && protocolName != QLatin1String("MQIsdp")) {
        r.fail(DecodeErrorCode::InvalidProtocolName,
               QStringLiteral("the protocol name is \"%1\"; MQTT uses \"MQTT\" (3.1: \"MQIsdp\") "
                              "[MQTT-3.1.2-1]")
                   .arg(protocolName),
               nameAt);
        return;
    }
    if (!isKnownProtocolLevel(level)) {
        r.fail(DecodeErrorCode::UnsupportedProtocolLevel,
               QStringLiteral("protocol level %1 is none of 3 (MQTT 3.1), 4 (3.1.1), 5 (5.0)")
                   .arg(level),
               levelAt);
        return;
    }
    if ((level == 3) != (protocolName == QLatin1String("MQIsdp"))) {
        r.fail(DecodeErrorCode::InvalidProtocolName,
               QStringLiteral("protocol name \"%1\" does not go with level %2 (3.1 is \"MQIsdp\" "
                              "level 3; 3.1.1 and 5.0 are \"MQTT\" levels 4 and 5)")
                   .arg(protocolName)
                   .arg(level),
               nameAt);
        return;
    }
    packet.protocolVersion = ProtocolVersion(level);
    r.annotate(protocolVersionName(packet.protocolVersion));
    const bool v5 = packet.protocolVersion == ProtocolVersion::V5;
    // A CONNECT is read by its own level, whatever the stream was set to (a server cannot
    // know the version before this packet), so 5.0's shortest-encoding rule follows it.
    r.setRequireMinimalIntegers(v5);

    const qsizetype flagsAt = r.offset();
    const quint8 flags = r.u8("Connect Flags");
    r.annotate(describeConnectFlags(flags));
    checkConnectFlags(r, flags, packet.protocolVersion, flagsAt);
    packet.cleanSession = flags & 0x02u;
    packet.keepAlive = r.u16("Keep Alive");
    r.annotate(QStringLiteral("%1 s").arg(packet.keepAlive));
    if (v5) {
        const qsizetype propertiesAt = r.offset();
        packet.properties = readProperties(r, PropertyContext::Connect);
        if (!r.failed() && packet.properties.contains(PropertyId::AuthenticationData) &&
            !packet.properties.contains(PropertyId::AuthenticationMethod))
            r.fail(DecodeErrorCode::InvalidPropertyValue,
                   QStringLiteral("Authentication Data without an Authentication Method is a "
                                  "Protocol Error (5.0 section 3.1.2.11.10)"),
                   propertiesAt);
    }
    r.endGroup(group);

    group = r.beginGroup(QStringLiteral("Payload"));
    packet.clientId = r.utf8("Client Identifier");
    if (flags & 0x04u) {
        Will will;
        will.qos = (flags >> 3) & 0x3u;
        will.retain = flags & 0x20u;
        if (v5)
            will.properties = readProperties(r, PropertyContext::Will);
        const qsizetype topicAt = r.offset();
        will.topic = r.utf8("Will Topic");
        if (!r.failed()) {
            if (const QString problem = topicNameProblem(will.topic); !problem.isEmpty())
                r.fail(DecodeErrorCode::InvalidTopic, QStringLiteral("will: ") + problem, topicAt);
        }
        will.payload = r.binary("Will Payload");
        packet.will = will;
    }
    if (flags & 0x80u)
        packet.userName = r.utf8("User Name");
    if (flags & 0x40u) {
        packet.password = r.binary("Password");
        r.annotate(QStringLiteral("(hidden)")); // never shown: the bytes are masked by views
    }
    r.endGroup(group);
    expectEnd(c);
}

void decodeConnack(BodyContext &c, Packet &out)
{
    ByteReader &r = c.reader;
    auto &packet = out.emplace<ConnackPacket>();
    if (c.isV5() && r.remaining() == 2) {
        // A 3.1.1 broker answers a 5.0 CONNECT with its own CONNACK, typically return code 1.
        r.fail(DecodeErrorCode::UnsupportedProtocolLevel,
               QStringLiteral("the CONNACK has no properties: the broker answered in MQTT 3.1.1 "
                              "(return code %1: %2), so it does not speak MQTT 5.0")
                   .arg(quint8(r.data()[r.offset() + 1]))
                   .arg(connectReturnCodeName(quint8(r.data()[r.offset() + 1]))));
        return;
    }
    const int group = r.beginGroup(QStringLiteral("Variable header"));
    const qsizetype flagsAt = r.offset();
    const quint8 flags = r.u8("Connect Acknowledge Flags");
    packet.sessionPresent = flags & 0x01u;
    r.annotate(packet.sessionPresent ? QStringLiteral("session present")
                                     : QStringLiteral("no session present"));
    // 3.1 had no session present flag: the whole byte was reserved and unused.
    if (c.version != ProtocolVersion::V3_1 && (flags & 0xFEu))
        r.fail(DecodeErrorCode::InvalidConnackFlags,
               QStringLiteral("CONNACK flag bits 7-1 are reserved and must be 0 "
                              "(3.1.1 [MQTT-3.2.2-1], 5.0 section 3.2.2.1)"),
               flagsAt);
    if (c.isV5()) {
        packet.reasonCode = readReasonCode(c);
        packet.properties = readProperties(r, PropertyContext::Connack);
    } else {
        const qsizetype codeAt = r.offset();
        packet.reasonCode = r.u8("Connect Return Code");
        r.annotate(connectReturnCodeName(packet.reasonCode));
        if (!r.failed() && !isValidConnectReturnCode(packet.reasonCode))
            r.fail(DecodeErrorCode::InvalidReasonCode,
                   QStringLiteral("CONNACK return code %1 is reserved; 0 to 5 are defined "
                                  "(3.1.1 section 3.2.2.3)")
                       .arg(packet.reasonCode),
                   codeAt);
    }
    // A refusal never comes with a session ([MQTT-3.2.2-4] in 3.1.1, [MQTT-3.2.2-6] in 5.0).
    if (!r.failed() && packet.sessionPresent && packet.reasonCode != 0)
        r.fail(DecodeErrorCode::InvalidConnackFlags,
               QStringLiteral("a refused CONNACK has session present set "
                              "(3.1.1 [MQTT-3.2.2-4], 5.0 [MQTT-3.2.2-6])"),
               flagsAt);
    r.endGroup(group);
    expectEnd(c);
}

} // namespace PingScope::Protocol::Detail
