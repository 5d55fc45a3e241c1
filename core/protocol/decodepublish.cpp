#include "decoderinternal.h"
#include "topics.h"

namespace PingScope::Protocol::Detail {

// The hot path: a subscriber decodes millions of these. Field recording and display text
// cost nothing unless the reader records.
void decodePublish(BodyContext &c, Packet &out)
{
    ByteReader &r = c.reader;
    auto &packet = out.emplace<PublishPacket>();
    packet.dup = c.flags & 0x8u;
    packet.qos = (c.flags >> 1) & 0x3u; // QoS 3 was rejected with the fixed header
    packet.retain = c.flags & 0x1u;

    const int group = r.beginGroup(QStringLiteral("Variable header"));
    const qsizetype topicAt = r.offset();
    bool hasWildcard = false;
    packet.topic = r.topic("Topic Name", &hasWildcard, c.topics);
    if (hasWildcard) // the byte check saw '+' or '#'; only then build the full message
        r.fail(DecodeErrorCode::InvalidTopic, topicNameProblem(packet.topic), topicAt);
    if (packet.qos > 0)
        packet.packetId = readPacketId(r);
    if (c.isV5()) {
        const qsizetype propertiesAt = r.offset();
        packet.properties = readProperties(r, PropertyContext::Publish);
        if (c.sender == Sender::Client && !r.failed() &&
            packet.properties.contains(PropertyId::SubscriptionIdentifier))
            r.fail(DecodeErrorCode::PropertyNotAllowed,
                   QStringLiteral("a client's PUBLISH carries a Subscription Identifier, which "
                                  "only a server adds [MQTT-3.3.4-6]"),
                   propertiesAt);
    }
    r.endGroup(group);
    if (r.failed())
        return;
    // An empty topic name is only allowed in 5.0, where a Topic Alias stands for it
    // (5.0 section 3.3.2.3.4; 3.1.1 [MQTT-4.7.3-1]).
    if (packet.topic.isEmpty() &&
        (!c.isV5() || !packet.properties.contains(PropertyId::TopicAlias))) {
        r.fail(DecodeErrorCode::InvalidTopic,
               c.isV5() ? QStringLiteral("the topic name is empty and there is no Topic Alias "
                                         "(5.0 section 3.3.2.3.4)")
                        : QStringLiteral("the topic name is empty [MQTT-4.7.3-1]"),
               topicAt);
        return;
    }
    // The payload shares the packet's raw copy: one allocation for both.
    const qsizetype payloadAt = r.offset();
    r.skip(r.remaining());
    if (r.recording())
        r.record(QStringLiteral("Payload"), payloadAt,
                 QStringLiteral("%1 bytes").arg(r.offset() - payloadAt));
    packet.payload = sharedSuffix(*c.raw, payloadAt);
}

void decodeAck(BodyContext &c, Packet &out)
{
    ByteReader &r = c.reader;
    auto &packet = out.emplace<AckPacket>();
    packet.type = c.type;
    packet.packetId = readPacketId(r);
    // 5.0: a remaining length of 2 means Success without properties; 3 adds the reason code
    // alone; 4 or more adds properties (5.0 section 3.4.2.1 and the same for each ack).
    if (c.isV5() && !r.atEnd()) {
        packet.reasonCode = readReasonCode(c);
        if (!r.atEnd())
            packet.properties = readProperties(r, propertyContextOf(c.type));
    }
    expectEnd(c);
}

} // namespace PingScope::Protocol::Detail
