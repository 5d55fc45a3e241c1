#include "bytewriter.h"
#include "codec.h"

#include <type_traits>

namespace PingScope::Protocol {

namespace {

// Room kept in front of the body for the fixed header (1 byte + up to 4 length bytes), so
// the header is written in place instead of copying the body behind it.
constexpr qsizetype HeaderRoom = 5;

void writeProperties(ByteWriter &w, const Properties &properties)
{
    QByteArray block;
    ByteWriter pw(block);
    for (const Property &p : properties.items()) {
        const PropertyInfo *info = propertyInfo(quint8(p.id));
        if (!info) {
            w.fail(QStringLiteral("property 0x%1 is not defined by MQTT 5.0")
                       .arg(hexByte(quint8(p.id))));
            return;
        }
        pw.variableInteger(quint8(p.id));
        const quint32 limit = info->type == PropertyType::Byte             ? 0xFFu
                              : info->type == PropertyType::TwoByteInteger ? 0xFFFFu
                                                                           : 0xFFFFFFFFu;
        if (p.integer > limit) {
            w.fail(QStringLiteral("%1 is %2, more than its %3 wire type holds")
                       .arg(QLatin1String(info->name))
                       .arg(p.integer)
                       .arg(info->type == PropertyType::Byte ? QStringLiteral("one-byte")
                                                             : QStringLiteral("two-byte")));
            return;
        }
        switch (info->type) {
        case PropertyType::Byte:
            pw.u8(quint8(p.integer));
            break;
        case PropertyType::TwoByteInteger:
            pw.u16(quint16(p.integer));
            break;
        case PropertyType::FourByteInteger:
            pw.u32(p.integer);
            break;
        case PropertyType::VariableByteInteger:
            pw.variableInteger(p.integer);
            break;
        case PropertyType::Utf8String:
            pw.utf8(p.string, info->name);
            break;
        case PropertyType::Utf8StringPair:
            pw.utf8(p.string, info->name);
            pw.utf8(p.pairValue, info->name);
            break;
        case PropertyType::BinaryData:
            pw.binary(p.binary, info->name);
            break;
        }
    }
    if (pw.failed()) {
        w.fail(pw.error());
        return;
    }
    w.variableInteger(quint32(block.size()));
    w.raw(block);
}

bool checkQoS(ByteWriter &w, quint8 qos, const char *what)
{
    if (qos <= 2)
        return true;
    w.fail(
        QStringLiteral("%1 QoS %2 does not exist (0, 1 or 2)").arg(QLatin1String(what)).arg(qos));
    return false;
}

// Each writer appends the body and returns the low nibble of the first byte.
struct BodyWriter
{
    ByteWriter &w;
    ProtocolVersion version;

    bool v5() const { return version == ProtocolVersion::V5; }

    quint8 operator()(const ConnectPacket &p)
    {
        const bool v31 = p.protocolVersion == ProtocolVersion::V3_1;
        w.utf8(v31 ? QStringLiteral("MQIsdp") : QStringLiteral("MQTT"), "Protocol Name");
        w.u8(quint8(p.protocolVersion));
        quint8 flags = 0;
        if (p.userName)
            flags |= 0x80u;
        if (p.password)
            flags |= 0x40u;
        if (p.will) {
            if (!checkQoS(w, p.will->qos, "will"))
                return 0;
            flags |= 0x04u | quint8(p.will->qos << 3) | (p.will->retain ? 0x20u : 0x00u);
        }
        if (p.cleanSession)
            flags |= 0x02u;
        w.u8(flags);
        w.u16(p.keepAlive);
        const bool connectV5 = p.protocolVersion == ProtocolVersion::V5;
        if (connectV5)
            writeProperties(w, p.properties);
        w.utf8(p.clientId, "Client Identifier");
        if (p.will) {
            if (connectV5)
                writeProperties(w, p.will->properties);
            w.utf8(p.will->topic, "Will Topic");
            w.binary(p.will->payload, "Will Payload");
        }
        if (p.userName)
            w.utf8(*p.userName, "User Name");
        if (p.password)
            w.binary(*p.password, "Password");
        return 0;
    }

    quint8 operator()(const ConnackPacket &p)
    {
        w.u8(p.sessionPresent ? 0x01u : 0x00u);
        w.u8(p.reasonCode);
        if (v5())
            writeProperties(w, p.properties);
        return 0;
    }

    quint8 operator()(const PublishPacket &p)
    {
        if (!checkQoS(w, p.qos, "PUBLISH"))
            return 0;
        w.utf8(p.topic, "Topic Name");
        if (p.qos > 0)
            w.u16(p.packetId);
        if (v5())
            writeProperties(w, p.properties);
        w.raw(p.payload);
        return quint8((p.dup ? 0x8u : 0x0u) | (p.qos << 1) | (p.retain ? 0x1u : 0x0u));
    }

    quint8 operator()(const AckPacket &p)
    {
        if (p.type != PacketType::Puback && p.type != PacketType::Pubrec &&
            p.type != PacketType::Pubrel && p.type != PacketType::Pubcomp) {
            w.fail(QStringLiteral("an acknowledgement must be PUBACK, PUBREC, PUBREL or PUBCOMP"));
            return 0;
        }
        w.u16(p.packetId);
        // 5.0: the shortest form that carries what is there (section 3.4.2.1).
        if (v5() && (p.reasonCode != 0 || !p.properties.isEmpty())) {
            w.u8(p.reasonCode);
            if (!p.properties.isEmpty())
                writeProperties(w, p.properties);
        }
        return p.type == PacketType::Pubrel ? 0x2u : 0x0u;
    }

    quint8 operator()(const SubscribePacket &p)
    {
        w.u16(p.packetId);
        if (v5())
            writeProperties(w, p.properties);
        for (const Subscription &s : p.subscriptions) {
            if (!checkQoS(w, s.qos, "subscription"))
                return 0;
            w.utf8(s.topicFilter, "Topic Filter");
            quint8 options = s.qos;
            if (v5()) {
                options |= (s.noLocal ? 0x04u : 0x00u) | (s.retainAsPublished ? 0x08u : 0x00u) |
                           quint8((s.retainHandling & 0x3u) << 4);
            }
            w.u8(options);
        }
        return 0x2u;
    }

    quint8 operator()(const SubackPacket &p)
    {
        w.u16(p.packetId);
        if (v5())
            writeProperties(w, p.properties);
        for (quint8 code : p.reasonCodes)
            w.u8(code);
        return 0;
    }

    quint8 operator()(const UnsubscribePacket &p)
    {
        w.u16(p.packetId);
        if (v5())
            writeProperties(w, p.properties);
        for (const QString &filter : p.topicFilters)
            w.utf8(filter, "Topic Filter");
        return 0x2u;
    }

    quint8 operator()(const UnsubackPacket &p)
    {
        w.u16(p.packetId);
        if (v5()) {
            writeProperties(w, p.properties);
            for (quint8 code : p.reasonCodes)
                w.u8(code);
        }
        return 0;
    }

    quint8 operator()(const PingreqPacket &) { return 0; }
    quint8 operator()(const PingrespPacket &) { return 0; }

    quint8 operator()(const DisconnectPacket &p)
    {
        // 5.0: E0 00 for a normal disconnection without properties; E0 01 <code> without
        // properties (section 3.14.2.1). Before 5.0 DISCONNECT has no body.
        if (v5() && (p.reasonCode != 0 || !p.properties.isEmpty())) {
            w.u8(p.reasonCode);
            if (!p.properties.isEmpty())
                writeProperties(w, p.properties);
        }
        return 0;
    }

    quint8 operator()(const AuthPacket &p)
    {
        if (!v5()) {
            w.fail(QStringLiteral("AUTH exists only in MQTT 5.0"));
            return 0;
        }
        if (p.reasonCode != 0 || !p.properties.isEmpty()) {
            w.u8(p.reasonCode);
            writeProperties(w, p.properties);
        }
        return 0;
    }
};

} // namespace

QByteArray encodePacketUnchecked(const Packet &packet, ProtocolVersion version, QString *error)
{
    QByteArray out(HeaderRoom, Qt::Uninitialized);
    ByteWriter writer(out);
    const quint8 flags = std::visit(BodyWriter{writer, version}, packet);
    const qsizetype remaining = out.size() - HeaderRoom;
    if (!writer.failed() && remaining > qsizetype(MaximumVariableInteger))
        writer.fail(QStringLiteral("the packet's remaining length of %1 bytes exceeds "
                                   "268,435,455")
                        .arg(remaining));
    if (writer.failed()) {
        if (error)
            *error = QStringLiteral("cannot encode %1: %2")
                         .arg(packetTypeName(packetType(packet)), writer.error());
        return QByteArray();
    }

    QByteArray header;
    header.append(char((quint8(packetType(packet)) << 4) | flags));
    appendVariableInteger(header, quint32(remaining));
    const qsizetype start = HeaderRoom - header.size();
    std::copy(header.cbegin(), header.cend(), out.begin() + start);
    out.remove(0, start); // Qt 6 drops a prefix by moving its begin pointer, without a copy
    if (error)
        error->clear();
    return out;
}

QByteArray encodePacket(const Packet &packet, ProtocolVersion version, QString *error)
{
    QByteArray bytes = encodePacketUnchecked(packet, version, error);
    if (bytes.isEmpty())
        return bytes;
    // What we send must pass the checks we apply to what we receive: one set of rules, in the
    // decoder, instead of a second copy of them here.
    DecodeOptions options;
    options.version = version;
    const DecodeResult check = decodePacket(bytes, options);
    if (!check.ok()) {
        if (error)
            *error = QStringLiteral("cannot encode %1: %2")
                         .arg(packetTypeName(packetType(packet)), check.error.message);
        return QByteArray();
    }
    return bytes;
}

} // namespace PingScope::Protocol
