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

PacketType packetType(const Packet &packet)
{
    // The variant's alternatives are listed in packets.h; acks carry their own type.
    switch (packet.index()) {
    case 0:
        return PacketType::Connect;
    case 1:
        return PacketType::Connack;
    case 2:
        return PacketType::Publish;
    case 3:
        return std::get<AckPacket>(packet).type;
    case 4:
        return PacketType::Subscribe;
    case 5:
        return PacketType::Suback;
    case 6:
        return PacketType::Unsubscribe;
    case 7:
        return PacketType::Unsuback;
    case 8:
        return PacketType::Pingreq;
    case 9:
        return PacketType::Pingresp;
    case 10:
        return PacketType::Disconnect;
    default:
        return PacketType::Auth;
    }
}

} // namespace PingScope::Protocol
