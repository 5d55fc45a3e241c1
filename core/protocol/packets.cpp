#include "packets.h"

namespace PingScope::Protocol {

QString protocolVersionName(ProtocolVersion version)
{
    switch (version) {
    case ProtocolVersion::V3_1:
        return QStringLiteral("MQTT 3.1");
    case ProtocolVersion::V3_1_1:
        return QStringLiteral("MQTT 3.1.1");
    case ProtocolVersion::V5:
        return QStringLiteral("MQTT 5.0");
    }
    return QStringLiteral("MQTT level %1").arg(quint8(version));
}

bool isKnownProtocolLevel(quint8 level)
{
    return level >= 3 && level <= 5;
}

QString packetTypeName(PacketType type)
{
    static const char *const names[] = {"Reserved",  "CONNECT",  "CONNACK",     "PUBLISH",
                                        "PUBACK",    "PUBREC",   "PUBREL",      "PUBCOMP",
                                        "SUBSCRIBE", "SUBACK",   "UNSUBSCRIBE", "UNSUBACK",
                                        "PINGREQ",   "PINGRESP", "DISCONNECT",  "AUTH"};
    const quint8 index = quint8(type);
    return index < 16 ? QLatin1String(names[index]) : QStringLiteral("Invalid");
}

namespace {

struct TypeOf
{
    PacketType operator()(const PingreqPacket &) const { return PacketType::Pingreq; }
    PacketType operator()(const PingrespPacket &) const { return PacketType::Pingresp; }
    PacketType operator()(const ConnectPacket &) const { return PacketType::Connect; }
    PacketType operator()(const ConnackPacket &) const { return PacketType::Connack; }
    PacketType operator()(const PublishPacket &) const { return PacketType::Publish; }
    PacketType operator()(const AckPacket &p) const { return p.type; }
    PacketType operator()(const SubscribePacket &) const { return PacketType::Subscribe; }
    PacketType operator()(const SubackPacket &) const { return PacketType::Suback; }
    PacketType operator()(const UnsubscribePacket &) const { return PacketType::Unsubscribe; }
    PacketType operator()(const UnsubackPacket &) const { return PacketType::Unsuback; }
    PacketType operator()(const DisconnectPacket &) const { return PacketType::Disconnect; }
    PacketType operator()(const AuthPacket &) const { return PacketType::Auth; }
};

} // namespace

PacketType packetType(const Packet &packet)
{
    return std::visit(TypeOf{}, packet);
}

} // namespace PingScope::Protocol
