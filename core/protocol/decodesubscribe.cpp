#include "decoderinternal.h"

namespace PingScope::Protocol::Detail {

namespace {

void failIfEmpty(BodyContext &c, bool empty, const char *rule)
{
    if (!c.reader.failed() && empty)
        c.reader.fail(DecodeErrorCode::EmptyPayload,
                      QStringLiteral("%1 has no entries in its payload %2")
                          .arg(packetTypeName(c.type), QLatin1String(rule)));
}

Subscription readSubscription(BodyContext &c, int index)
{
    ByteReader &r = c.reader;
    Subscription subscription;
    const int group = r.beginGroup(QStringLiteral("Subscription %1").arg(index));
    subscription.topicFilter = readTopicFilter(c);
    const qsizetype optionsAt = r.offset();
    const quint8 options = r.u8("Subscription Options");
    subscription.qos = options & 0x3u;
    if (c.isV5()) {
        subscription.noLocal = options & 0x04u;
        subscription.retainAsPublished = options & 0x08u;
        subscription.retainHandling = (options >> 4) & 0x3u;
    }
    r.annotate(QStringLiteral("QoS %1%2%3, retain handling %4")
                   .arg(subscription.qos)
                   .arg(subscription.noLocal ? QStringLiteral(", no local") : QString())
                   .arg(subscription.retainAsPublished ? QStringLiteral(", retain as published")
                                                       : QString())
                   .arg(subscription.retainHandling));
    r.endGroup(group);
    if (r.failed())
        return subscription;
    // 5.0 reserves bits 7-6 [MQTT-3.8.3-5]; 3.1 and 3.1.1 reserve bits 7-2 [MQTT-3.8.3-4].
    const quint8 reserved = c.isV5() ? 0xC0u : 0xFCu;
    if (subscription.qos == 3)
        r.fail(DecodeErrorCode::InvalidQoS,
               QStringLiteral("a subscription asks for QoS 3, which does not exist "
                              "[MQTT-3.8.3-4]"),
               optionsAt);
    else if (options & reserved)
        r.fail(DecodeErrorCode::InvalidSubscriptionOptions,
               QStringLiteral("subscription options 0x%1 set reserved bits (%2)")
                   .arg(hexByte(options), c.isV5() ? QStringLiteral("[MQTT-3.8.3-5]")
                                                   : QStringLiteral("3.1.1 [MQTT-3.8.3-4]")),
               optionsAt);
    else if (subscription.retainHandling == 3)
        r.fail(DecodeErrorCode::InvalidSubscriptionOptions,
               QStringLiteral("retain handling 3 does not exist (5.0 section 3.8.3.1)"), optionsAt);
    else if (subscription.noLocal && subscription.topicFilter.startsWith(QLatin1String("$share/")))
        r.fail(DecodeErrorCode::InvalidSubscriptionOptions,
               QStringLiteral("No Local is set on the shared subscription \"%1\" "
                              "[MQTT-3.8.3-4]")
                   .arg(subscription.topicFilter),
               optionsAt);
    return subscription;
}

QList<quint8> readAckCodes(BodyContext &c)
{
    ByteReader &r = c.reader;
    QList<quint8> codes;
    const int group = r.beginGroup(QStringLiteral("Payload"));
    while (!r.failed() && !r.atEnd()) {
        if (c.isV5()) {
            codes.append(readReasonCode(c));
            continue;
        }
        const qsizetype at = r.offset();
        const quint8 code = r.u8("Return Code");
        r.annotate(subackReturnCodeName(code));
        // 3.1.1 section 3.9.3: 0x00, 0x01, 0x02 and 0x80 only.
        if (code > 0x02u && code != 0x80u)
            r.fail(DecodeErrorCode::InvalidReasonCode,
                   QStringLiteral("SUBACK return code 0x%1 is reserved; 0x00-0x02 and 0x80 are "
                                  "defined [MQTT-3.9.3-2]")
                       .arg(hexByte(code)),
                   at);
        codes.append(code);
    }
    r.endGroup(group);
    return codes;
}

} // namespace

void decodeSubscribe(BodyContext &c, Packet &out)
{
    auto &packet = out.emplace<SubscribePacket>();
    int group = c.reader.beginGroup(QStringLiteral("Variable header"));
    packet.packetId = readPacketId(c.reader);
    if (c.isV5())
        packet.properties = readProperties(c.reader, PropertyContext::Subscribe);
    c.reader.endGroup(group);
    group = c.reader.beginGroup(QStringLiteral("Payload"));
    while (!c.reader.failed() && !c.reader.atEnd())
        packet.subscriptions.append(readSubscription(c, int(packet.subscriptions.size()) + 1));
    c.reader.endGroup(group);
    failIfEmpty(c, packet.subscriptions.isEmpty(), "[MQTT-3.8.3-3]");
}

void decodeSuback(BodyContext &c, Packet &out)
{
    auto &packet = out.emplace<SubackPacket>();
    const int group = c.reader.beginGroup(QStringLiteral("Variable header"));
    packet.packetId = readPacketId(c.reader);
    if (c.isV5())
        packet.properties = readProperties(c.reader, PropertyContext::Suback);
    c.reader.endGroup(group);
    packet.reasonCodes = readAckCodes(c);
    failIfEmpty(c, packet.reasonCodes.isEmpty(), "(one code per topic filter)");
}

void decodeUnsubscribe(BodyContext &c, Packet &out)
{
    auto &packet = out.emplace<UnsubscribePacket>();
    int group = c.reader.beginGroup(QStringLiteral("Variable header"));
    packet.packetId = readPacketId(c.reader);
    if (c.isV5())
        packet.properties = readProperties(c.reader, PropertyContext::Unsubscribe);
    c.reader.endGroup(group);
    group = c.reader.beginGroup(QStringLiteral("Payload"));
    while (!c.reader.failed() && !c.reader.atEnd())
        packet.topicFilters.append(readTopicFilter(c));
    c.reader.endGroup(group);
    failIfEmpty(c, packet.topicFilters.isEmpty(), "[MQTT-3.10.3-2]");
}

void decodeUnsuback(BodyContext &c, Packet &out)
{
    auto &packet = out.emplace<UnsubackPacket>();
    const int group = c.reader.beginGroup(QStringLiteral("Variable header"));
    packet.packetId = readPacketId(c.reader);
    if (c.isV5())
        packet.properties = readProperties(c.reader, PropertyContext::Unsuback);
    c.reader.endGroup(group);
    if (c.isV5()) {
        // 5.0 UNSUBACK has one reason code per topic filter (5.0 section 3.11.3).
        packet.reasonCodes = readAckCodes(c);
        failIfEmpty(c, packet.reasonCodes.isEmpty(), "(one code per topic filter)");
    }
    expectEnd(c); // 3.1 and 3.1.1 UNSUBACK is the packet identifier alone
}

} // namespace PingScope::Protocol::Detail
