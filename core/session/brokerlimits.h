#pragma once

#include "protocol/packets.h"

namespace PingScope {

// What the broker's CONNACK allows the client to send (5.0 section 3.2.2.3). Before 5.0, or
// for properties the broker leaves out, the standard's defaults: everything allowed.
struct BrokerLimits
{
    quint8 maximumQos = 2;
    bool retainAvailable = true;
    quint32 maximumPacketSize = 0; // 0: no limit beyond the protocol's
    quint16 topicAliasMaximum = 0; // we send no aliases, which respects any maximum
    quint16 receiveMaximum = 65535;
    bool wildcardSubscriptionAvailable = true;
    bool sharedSubscriptionAvailable = true;

    static BrokerLimits fromConnack(const Protocol::ConnackPacket &connack);
};

} // namespace PingScope
