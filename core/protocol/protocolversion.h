#pragma once

#include <QString>
#include <QtGlobal>

namespace PingScope::Protocol {

// The CONNECT protocol level byte of each version (3.1 used "MQIsdp", the others "MQTT").
enum class ProtocolVersion : quint8 {
    V3_1 = 3,
    V3_1_1 = 4,
    V5 = 5,
};

QString protocolVersionName(ProtocolVersion version);
// True for levels 3, 4 and 5; anything else is not a version PingScope speaks.
bool isKnownProtocolLevel(quint8 level);

} // namespace PingScope::Protocol
