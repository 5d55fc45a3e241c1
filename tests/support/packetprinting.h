#pragma once

#include "protocol/decodeerror.h"
#include "protocol/packets.h"

// Lets QCOMPARE print packets and error codes when a comparison fails.
namespace PingScope::Protocol {
char *toString(const Packet &packet);
char *toString(const DecodeErrorCode &code);
} // namespace PingScope::Protocol
