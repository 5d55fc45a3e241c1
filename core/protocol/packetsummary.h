#pragma once

#include "packets.h"

#include <QString>

namespace PingScope::Protocol {

// A one-line description of a packet for event lists, the inspector table and test output:
// "PUBLISH qos=1 id=7 retain topic=sensors/t payload=100 B", "CONNACK 0x00 Success".
// Never contains a password.
QString packetSummary(const Packet &packet, ProtocolVersion version);

} // namespace PingScope::Protocol
