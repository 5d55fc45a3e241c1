#include "brokerlimits.h"

namespace PingScope {

BrokerLimits BrokerLimits::fromConnack(const Protocol::ConnackPacket &connack)
{
    using Protocol::PropertyId;
    const Protocol::Properties &p = connack.properties;
    BrokerLimits limits;
    // Each absent property means "no limit" (5.0 section 3.2.2.3).
    limits.maximumQos = quint8(p.integer(PropertyId::MaximumQoS).value_or(2));
    limits.retainAvailable = p.integer(PropertyId::RetainAvailable).value_or(1) != 0;
    limits.maximumPacketSize = p.integer(PropertyId::MaximumPacketSize).value_or(0);
    limits.topicAliasMaximum = quint16(p.integer(PropertyId::TopicAliasMaximum).value_or(0));
    limits.receiveMaximum = quint16(p.integer(PropertyId::ReceiveMaximum).value_or(65535));
    limits.wildcardSubscriptionAvailable =
        p.integer(PropertyId::WildcardSubscriptionAvailable).value_or(1) != 0;
    limits.sharedSubscriptionAvailable =
        p.integer(PropertyId::SharedSubscriptionAvailable).value_or(1) != 0;
    return limits;
}

} // namespace PingScope
