#include "packetprinting.h"

#include "protocol/packetsummary.h"

#include <QTest>

namespace PingScope::Protocol {

char *toString(const Packet &packet)
{
    // The summary is version-neutral enough for a diff; 5.0 shows the most fields.
    return QTest::toString(packetSummary(packet, ProtocolVersion::V5));
}

char *toString(const DecodeErrorCode &code)
{
    return QTest::toString(decodeErrorCodeName(code));
}

} // namespace PingScope::Protocol
