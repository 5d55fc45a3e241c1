#pragma once

#include <QString>
#include <QtGlobal>

namespace PingScope::Protocol {

// Control packet types, valued as the high nibble of the fixed header's first byte.
enum class PacketType : quint8 {
    Connect = 1,
    Connack = 2,
    Publish = 3,
    Puback = 4,
    Pubrec = 5,
    Pubrel = 6,
    Pubcomp = 7,
    Subscribe = 8,
    Suback = 9,
    Unsubscribe = 10,
    Unsuback = 11,
    Pingreq = 12,
    Pingresp = 13,
    Disconnect = 14,
    Auth = 15, // 5.0 only; reserved in 3.1 and 3.1.1
};

// "CONNECT", "PINGREQ", ...: the names the standard uses, for display.
QString packetTypeName(PacketType type);

} // namespace PingScope::Protocol
