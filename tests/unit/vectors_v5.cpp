// MQTT 5.0 test vectors, built by hand from the OASIS MQTT Version 5.0 standard: properties
// (section 2.2.2), reason codes (2.4) and the packets of chapter 3. Property bytes are
// written as <identifier> <value>; integers are big-endian (section 1.5).

#include "codecvectors.h"

#include "hexbytes.h"

using namespace PingScope::Protocol;
using namespace CodecVectors::Make;

namespace CodecVectors {

namespace {

constexpr ProtocolVersion V5 = ProtocolVersion::V5;

Properties reasonString(const QString &text)
{
    Properties properties;
    properties.setString(PropertyId::ReasonString, text);
    return properties;
}

Properties userProperty(const QString &name, const QString &value)
{
    Properties properties;
    properties.addUserProperty(name, value);
    return properties;
}

void addConnectVectors(QList<Vector> &list)
{
    // CONNECT (section 3.1): 10 | length 15 | "MQTT" | level 5 | flags 02 (clean start) |
    // keep alive 60 | property length 0 | client id "ps".
    list.append({"5.0 CONNECT minimal", V5, connect(V5, true, 60, QStringLiteral("ps")),
                 hexBytes("10 0F | 00 04 4D 51 54 54 | 05 | 02 | 00 3C | 00 | 00 02 70 73")});

    // CONNECT with properties, will properties, user name and password.
    // Flags CE = user name 80 | password 40 | will QoS 1 (08) | will 04 | clean start 02.
    {
        ConnectPacket packet = connect(V5, true, 30, QStringLiteral("ps"));
        packet.properties.setInteger(PropertyId::SessionExpiryInterval, 3600);
        packet.properties.setInteger(PropertyId::ReceiveMaximum, 20);
        packet.properties.setInteger(PropertyId::MaximumPacketSize, 1048576);
        packet.properties.setInteger(PropertyId::TopicAliasMaximum, 10);
        packet.properties.addUserProperty(QStringLiteral("k"), QStringLiteral("v"));
        Properties willProperties;
        willProperties.setInteger(PropertyId::WillDelayInterval, 30);
        willProperties.setInteger(PropertyId::PayloadFormatIndicator, 1);
        willProperties.setInteger(PropertyId::MessageExpiryInterval, 60);
        willProperties.setString(PropertyId::ContentType, QStringLiteral("text/plain"));
        willProperties.setString(PropertyId::ResponseTopic, QStringLiteral("r"));
        willProperties.setBinary(PropertyId::CorrelationData, hexBytes("01 02"));
        willProperties.addUserProperty(QStringLiteral("a"), QStringLiteral("b"));
        packet.will = will(QStringLiteral("w"), QByteArrayLiteral("bye"), 1, false, willProperties);
        packet.userName = QStringLiteral("u");
        packet.password = QByteArrayLiteral("pw");
        list.append({"5.0 CONNECT properties will user password", V5, packet,
                     hexBytes("10 5F | 00 04 4D 51 54 54 | 05 | CE | 00 1E"
                              " | 17"                   // property length 23
                              " | 11 00 00 0E 10"       // Session Expiry Interval 3600
                              " | 21 00 14"             // Receive Maximum 20
                              " | 27 00 10 00 00"       // Maximum Packet Size 1 MiB
                              " | 22 00 0A"             // Topic Alias Maximum 10
                              " | 26 00 01 6B 00 01 76" // User Property k=v
                              " | 00 02 70 73"          // client id "ps"
                              " | 29"                   // will property length 41
                              " | 18 00 00 00 1E"       // Will Delay Interval 30
                              " | 01 01"                // Payload Format Indicator 1
                              " | 02 00 00 00 3C"       // Message Expiry Interval 60
                              " | 03 00 0A 74 65 78 74 2F 70 6C 61 69 6E" // "text/plain"
                              " | 08 00 01 72"                            // Response Topic "r"
                              " | 09 00 02 01 02"                         // Correlation Data 01 02
                              " | 26 00 01 61 00 01 62"                   // User Property a=b
                              " | 00 01 77"                               // will topic "w"
                              " | 00 03 62 79 65"                         // will payload "bye"
                              " | 00 01 75"                               // user name "u"
                              " | 00 02 70 77")});                        // password "pw"
    }
    // CONNECT with a password and no user name: allowed in 5.0 (section 3.1.2.9).
    // Flags 42 = password | clean start.
    {
        ConnectPacket packet = connect(V5, true, 60, QStringLiteral("ps"));
        packet.password = QByteArrayLiteral("pw");
        list.append({"5.0 CONNECT password only", V5, packet,
                     hexBytes("10 13 | 00 04 4D 51 54 54 | 05 | 42 | 00 3C | 00 | 00 02 70 73"
                              " | 00 02 70 77")});
    }
    // CONNECT with a will and no will properties: flags 34 = will retain 20 | will QoS 2 (10)
    // | will 04; clean start 0 | "ps" | will property length 0 | topic "w" | payload "hi".
    {
        ConnectPacket packet = connect(V5, false, 60, QStringLiteral("ps"));
        packet.will = will(QStringLiteral("w"), QByteArrayLiteral("hi"), 2, true);
        list.append({"5.0 CONNECT will without properties", V5, packet,
                     hexBytes("10 17 | 00 04 4D 51 54 54 | 05 | 34 | 00 3C | 00 | 00 02 70 73"
                              " | 00 | 00 01 77 | 00 02 68 69")});
    }

    // CONNACK (3.2): 20 | length | acknowledge flags | reason code | properties.
    list.append({"5.0 CONNACK success", V5, connack(false, 0), hexBytes("20 03 | 00 | 00 | 00")});
    // Server Keep Alive 120 s (property 0x13, [MQTT-3.2.2-21]).
    {
        Properties properties;
        properties.setInteger(PropertyId::ServerKeepAlive, 120);
        list.append({"5.0 CONNACK server keep alive", V5, connack(false, 0, properties),
                     hexBytes("20 06 | 00 | 00 | 03 | 13 00 78")});
    }
    // Session present, with the server's capabilities.
    {
        Properties properties;
        properties.setString(PropertyId::AssignedClientIdentifier, QStringLiteral("auto-1"));
        properties.setInteger(PropertyId::ServerKeepAlive, 20);
        properties.setInteger(PropertyId::ReceiveMaximum, 10);
        properties.setInteger(PropertyId::MaximumQoS, 1);
        properties.setInteger(PropertyId::RetainAvailable, 0);
        properties.setInteger(PropertyId::MaximumPacketSize, 65536);
        properties.setInteger(PropertyId::TopicAliasMaximum, 5);
        properties.setInteger(PropertyId::WildcardSubscriptionAvailable, 1);
        properties.setInteger(PropertyId::SubscriptionIdentifierAvailable, 0);
        properties.setInteger(PropertyId::SharedSubscriptionAvailable, 1);
        properties.setString(PropertyId::ReasonString, QStringLiteral("ok"));
        list.append({"5.0 CONNACK capabilities", V5, connack(true, 0, properties),
                     hexBytes("20 29 | 01 | 00 | 26"
                              " | 12 00 06 61 75 74 6F 2D 31" // Assigned Client Id "auto-1"
                              " | 13 00 14"                   // Server Keep Alive 20
                              " | 21 00 0A"                   // Receive Maximum 10
                              " | 24 01"                      // Maximum QoS 1
                              " | 25 00"                      // Retain Available 0
                              " | 27 00 01 00 00"             // Maximum Packet Size 65536
                              " | 22 00 05"                   // Topic Alias Maximum 5
                              " | 28 01"                      // Wildcard Subscription Avail.
                              " | 29 00"                      // Subscription Identifiers Av.
                              " | 2A 01"                      // Shared Subscription Avail.
                              " | 1F 00 02 6F 6B")});         // Reason String "ok"
    }
    // Refused: 0x87 Not authorized, with Reason String "no".
    list.append({"5.0 CONNACK not authorized", V5,
                 connack(false, 0x87, reasonString(QStringLiteral("no"))),
                 hexBytes("20 08 | 00 | 87 | 05 | 1F 00 02 6E 6F")});
    // Two User Properties with the same name: both kept, in order (3.2.2.3.10).
    {
        Properties properties;
        properties.addUserProperty(QStringLiteral("a"), QStringLiteral("1"));
        properties.addUserProperty(QStringLiteral("a"), QStringLiteral("2"));
        list.append({"5.0 CONNACK repeated user property", V5, connack(false, 0, properties),
                     hexBytes("20 11 | 00 | 00 | 0E | 26 00 01 61 00 01 31"
                              " | 26 00 01 61 00 01 32")});
    }
}

void addPublishVectors(QList<Vector> &list)
{
    // PUBLISH (3.3) QoS 0: topic "a/b" | property length 0 | payload "hi".
    list.append({"5.0 PUBLISH qos0", V5,
                 publish(0, false, false, QStringLiteral("a/b"), 0, QByteArrayLiteral("hi")),
                 hexBytes("30 08 | 00 03 61 2F 62 | 00 | 68 69")});
    // QoS 1 RETAIN: topic | packet id 10 | property length 0 | payload.
    list.append({"5.0 PUBLISH qos1 retain", V5,
                 publish(1, true, false, QStringLiteral("a/b"), 10, QByteArrayLiteral("hi")),
                 hexBytes("33 0A | 00 03 61 2F 62 | 00 0A | 00 | 68 69")});
    // QoS 2 DUP with every PUBLISH property; Subscription Identifier twice (3.3.2.3.8).
    {
        Properties properties;
        properties.setInteger(PropertyId::PayloadFormatIndicator, 1);
        properties.setInteger(PropertyId::MessageExpiryInterval, 300);
        properties.setInteger(PropertyId::TopicAlias, 3);
        properties.setString(PropertyId::ResponseTopic, QStringLiteral("r/1"));
        properties.setBinary(PropertyId::CorrelationData, QByteArrayLiteral("id"));
        properties.addUserProperty(QStringLiteral("k"), QStringLiteral("v"));
        properties.append(Property::fromInteger(PropertyId::SubscriptionIdentifier, 5));
        properties.append(Property::fromInteger(PropertyId::SubscriptionIdentifier, 200));
        properties.setString(PropertyId::ContentType, QStringLiteral("t"));
        list.append(
            {"5.0 PUBLISH qos2 dup properties", V5,
             publish(2, false, true, QStringLiteral("a/b"), 7, QByteArrayLiteral("hi"), properties),
             hexBytes("3C 2F | 00 03 61 2F 62 | 00 07 | 25"
                      " | 01 01"                // Payload Format Indicator 1 (UTF-8)
                      " | 02 00 00 01 2C"       // Message Expiry Interval 300
                      " | 23 00 03"             // Topic Alias 3
                      " | 08 00 03 72 2F 31"    // Response Topic "r/1"
                      " | 09 00 02 69 64"       // Correlation Data "id"
                      " | 26 00 01 6B 00 01 76" // User Property k=v
                      " | 0B 05"                // Subscription Identifier 5
                      " | 0B C8 01"             // Subscription Identifier 200 (VBI)
                      " | 03 00 01 74"          // Content Type "t"
                      " | 68 69")});
    }
    // A zero-length topic with a Topic Alias: allowed (3.3.2.3.4, 3.3.4).
    {
        Properties properties;
        properties.setInteger(PropertyId::TopicAlias, 1);
        list.append({"5.0 PUBLISH topic alias empty topic", V5,
                     publish(0, false, false, QString(), 0, QByteArrayLiteral("hi"), properties),
                     hexBytes("30 08 | 00 00 | 03 | 23 00 01 | 68 69")});
    }
}

void addAckVectors(QList<Vector> &list)
{
    const auto decodeOnly = Direction::DecodeOnly;
    // PUBACK (3.4): with Reason Code 0x00 and no properties the reason code and property
    // length may be omitted: remaining length 2. With no properties the property length may
    // be omitted: remaining length 3. The decoder must accept all three forms.
    list.append(
        {"5.0 PUBACK short form", V5, ack(PacketType::Puback, 10), hexBytes("40 02 | 00 0A")});
    list.append({"5.0 PUBACK length 3 success", V5, ack(PacketType::Puback, 10),
                 hexBytes("40 03 | 00 0A | 00"), decodeOnly});
    list.append({"5.0 PUBACK length 4 success", V5, ack(PacketType::Puback, 10),
                 hexBytes("40 04 | 00 0A | 00 | 00"), decodeOnly});
    // 0x10 No matching subscribers.
    list.append({"5.0 PUBACK no matching subscribers", V5, ack(PacketType::Puback, 10, 0x10),
                 hexBytes("40 03 | 00 0A | 10")});
    list.append({"5.0 PUBACK length 4 no matching subscribers", V5,
                 ack(PacketType::Puback, 10, 0x10), hexBytes("40 04 | 00 0A | 10 | 00"),
                 decodeOnly});
    // 0x80 Unspecified error with Reason String "no".
    list.append({"5.0 PUBACK reason string", V5,
                 ack(PacketType::Puback, 10, 0x80, reasonString(QStringLiteral("no"))),
                 hexBytes("40 09 | 00 0A | 80 | 05 | 1F 00 02 6E 6F")});
    // Success with a User Property: the reason code must then be present.
    list.append(
        {"5.0 PUBACK success user property", V5,
         ack(PacketType::Puback, 10, 0x00, userProperty(QStringLiteral("a"), QStringLiteral("b"))),
         hexBytes("40 0B | 00 0A | 00 | 07 | 26 00 01 61 00 01 62")});

    // PUBREC (3.5).
    list.append(
        {"5.0 PUBREC short form", V5, ack(PacketType::Pubrec, 11), hexBytes("50 02 | 00 0B")});
    list.append({"5.0 PUBREC no matching subscribers", V5, ack(PacketType::Pubrec, 11, 0x10),
                 hexBytes("50 03 | 00 0B | 10")});
    // 0x97 Quota exceeded, Reason String "no".
    list.append({"5.0 PUBREC reason string", V5,
                 ack(PacketType::Pubrec, 11, 0x97, reasonString(QStringLiteral("no"))),
                 hexBytes("50 09 | 00 0B | 97 | 05 | 1F 00 02 6E 6F")});

    // PUBREL (3.6), flags 0010.
    list.append(
        {"5.0 PUBREL short form", V5, ack(PacketType::Pubrel, 11), hexBytes("62 02 | 00 0B")});
    list.append({"5.0 PUBREL length 3 success", V5, ack(PacketType::Pubrel, 11),
                 hexBytes("62 03 | 00 0B | 00"), decodeOnly});
    list.append({"5.0 PUBREL length 4 success", V5, ack(PacketType::Pubrel, 11),
                 hexBytes("62 04 | 00 0B | 00 | 00"), decodeOnly});
    // 0x92 Packet Identifier not found.
    list.append({"5.0 PUBREL identifier not found", V5, ack(PacketType::Pubrel, 11, 0x92),
                 hexBytes("62 03 | 00 0B | 92")});

    // PUBCOMP (3.7).
    list.append(
        {"5.0 PUBCOMP short form", V5, ack(PacketType::Pubcomp, 11), hexBytes("70 02 | 00 0B")});
    list.append({"5.0 PUBCOMP identifier not found", V5, ack(PacketType::Pubcomp, 11, 0x92),
                 hexBytes("70 03 | 00 0B | 92")});
    list.append({"5.0 PUBCOMP length 4 identifier not found", V5,
                 ack(PacketType::Pubcomp, 11, 0x92), hexBytes("70 04 | 00 0B | 92 | 00"),
                 decodeOnly});
    list.append({"5.0 PUBCOMP reason string", V5,
                 ack(PacketType::Pubcomp, 11, 0x92, reasonString(QStringLiteral("no"))),
                 hexBytes("70 09 | 00 0B | 92 | 05 | 1F 00 02 6E 6F")});
}

void addSubscribeVectors(QList<Vector> &list)
{
    // SUBSCRIBE (3.8): 82 | length | packet id | properties | filter + options byte.
    {
        SubscribePacket packet;
        packet.packetId = 1;
        packet.subscriptions = {subscription(QStringLiteral("a/b"), 0)};
        list.append({"5.0 SUBSCRIBE minimal", V5, packet,
                     hexBytes("82 09 | 00 01 | 00 | 00 03 61 2F 62 | 00")});
    }
    // Options byte (3.8.3.1): bits 0-1 QoS, bit 2 No Local, bit 3 Retain As Published,
    // bits 4-5 Retain Handling. 2D = QoS 1 | No Local | RAP | Retain Handling 2;
    // 12 = QoS 2 | Retain Handling 1.
    {
        SubscribePacket packet;
        packet.packetId = 1;
        packet.properties.setInteger(PropertyId::SubscriptionIdentifier, 42);
        packet.properties.addUserProperty(QStringLiteral("a"), QStringLiteral("b"));
        packet.subscriptions = {subscription(QStringLiteral("a/b"), 1, true, true, 2),
                                subscription(QStringLiteral("c/#"), 2, false, false, 1)};
        list.append({"5.0 SUBSCRIBE options and properties", V5, packet,
                     hexBytes("82 18 | 00 01 | 09 | 0B 2A | 26 00 01 61 00 01 62"
                              " | 00 03 61 2F 62 | 2D | 00 03 63 2F 23 | 12")});
    }
    // A shared subscription (4.8.2): "$share/" | share name "g" | "/" | filter "a/+", QoS 1.
    // Also the fuzzers' seed for the shared-subscription rules, which mutation alone rarely
    // reaches.
    {
        SubscribePacket packet;
        packet.packetId = 1;
        packet.subscriptions = {subscription(QStringLiteral("$share/g/a/+"), 1)};
        list.append({"5.0 SUBSCRIBE shared subscription", V5, packet,
                     hexBytes("82 12 | 00 01 | 00"
                              " | 00 0C 24 73 68 61 72 65 2F 67 2F 61 2F 2B | 01")});
    }
    // SUBACK (3.9): packet id | properties | one reason code per filter:
    // 0x01 Granted QoS 1, 0x02 Granted QoS 2, 0x8F Topic Filter invalid.
    {
        SubackPacket packet;
        packet.packetId = 1;
        packet.reasonCodes = {0x01, 0x02, 0x8F};
        list.append({"5.0 SUBACK", V5, packet, hexBytes("90 06 | 00 01 | 00 | 01 02 8F")});
    }
    {
        SubackPacket packet;
        packet.packetId = 1;
        packet.properties = reasonString(QStringLiteral("no"));
        packet.reasonCodes = {0x00, 0x80};
        list.append({"5.0 SUBACK reason string", V5, packet,
                     hexBytes("90 0A | 00 01 | 05 | 1F 00 02 6E 6F | 00 80")});
    }
    // UNSUBSCRIBE (3.10): A2 | length | packet id | properties | filters.
    {
        UnsubscribePacket packet;
        packet.packetId = 2;
        packet.topicFilters = {QStringLiteral("a/b")};
        list.append(
            {"5.0 UNSUBSCRIBE", V5, packet, hexBytes("A2 08 | 00 02 | 00 | 00 03 61 2F 62")});
        packet.properties = userProperty(QStringLiteral("a"), QStringLiteral("b"));
        list.append({"5.0 UNSUBSCRIBE user property", V5, packet,
                     hexBytes("A2 0F | 00 02 | 07 | 26 00 01 61 00 01 62 | 00 03 61 2F 62")});
    }
    // UNSUBACK (3.11): unlike 3.1.1 it has a payload of reason codes:
    // 0x00 Success, 0x11 No subscription existed; 0x87 Not authorized.
    {
        UnsubackPacket packet;
        packet.packetId = 2;
        packet.reasonCodes = {0x00, 0x11};
        list.append({"5.0 UNSUBACK", V5, packet, hexBytes("B0 05 | 00 02 | 00 | 00 11")});
    }
    {
        UnsubackPacket packet;
        packet.packetId = 2;
        packet.properties = reasonString(QStringLiteral("no"));
        packet.reasonCodes = {0x87};
        list.append({"5.0 UNSUBACK reason string", V5, packet,
                     hexBytes("B0 09 | 00 02 | 05 | 1F 00 02 6E 6F | 87")});
    }
}

DisconnectPacket disconnect(quint8 reasonCode, const Properties &properties = {})
{
    DisconnectPacket packet;
    packet.reasonCode = reasonCode;
    packet.properties = properties;
    return packet;
}

AuthPacket auth(quint8 reasonCode, const Properties &properties = {})
{
    AuthPacket packet;
    packet.reasonCode = reasonCode;
    packet.properties = properties;
    return packet;
}

void addSessionVectors(QList<Vector> &list)
{
    const auto decodeOnly = Direction::DecodeOnly;
    list.append({"5.0 PINGREQ", V5, PingreqPacket{}, hexBytes("C0 00")});
    list.append({"5.0 PINGRESP", V5, PingrespPacket{}, hexBytes("D0 00")});

    // DISCONNECT (3.14): remaining length 0 means 0x00 Normal disconnection; with length 1
    // there is no property length (3.14.2.2.1). All three forms decode alike.
    list.append({"5.0 DISCONNECT", V5, disconnect(0x00), hexBytes("E0 00")});
    list.append(
        {"5.0 DISCONNECT length 1", V5, disconnect(0x00), hexBytes("E0 01 | 00"), decodeOnly});
    list.append(
        {"5.0 DISCONNECT length 2", V5, disconnect(0x00), hexBytes("E0 02 | 00 | 00"), decodeOnly});
    // 0x8E Session taken over, as brokers send it: remaining length 1, no properties.
    list.append(
        {"5.0 DISCONNECT session taken over", V5, disconnect(0x8E), hexBytes("E0 01 | 8E")});
    list.append({"5.0 DISCONNECT session taken over length 2", V5, disconnect(0x8E),
                 hexBytes("E0 02 | 8E | 00"), decodeOnly});
    // 0x04 Disconnect with Will Message (sent by clients).
    list.append({"5.0 DISCONNECT with will message", V5, disconnect(0x04), hexBytes("E0 01 | 04")});
    // 0x8B Server shutting down | Reason String "bye" | Server Reference "h2".
    {
        Properties properties;
        properties.setString(PropertyId::ReasonString, QStringLiteral("bye"));
        properties.setString(PropertyId::ServerReference, QStringLiteral("h2"));
        list.append({"5.0 DISCONNECT properties", V5, disconnect(0x8B, properties),
                     hexBytes("E0 0D | 8B | 0B | 1F 00 03 62 79 65 | 1C 00 02 68 32")});
    }
    // 0x00 with Session Expiry Interval 0: the reason code cannot be omitted here.
    {
        Properties properties;
        properties.setInteger(PropertyId::SessionExpiryInterval, 0);
        list.append({"5.0 DISCONNECT session expiry", V5, disconnect(0x00, properties),
                     hexBytes("E0 07 | 00 | 05 | 11 00 00 00 00")});
    }

    // AUTH (3.15): remaining length 0 means 0x00 Success without properties.
    list.append({"5.0 AUTH", V5, auth(0x00), hexBytes("F0 00")});
    list.append({"5.0 AUTH length 2", V5, auth(0x00), hexBytes("F0 02 | 00 | 00"), decodeOnly});
    // 0x18 Continue authentication | Authentication Method "SCRAM" | Authentication Data.
    {
        Properties properties;
        properties.setString(PropertyId::AuthenticationMethod, QStringLiteral("SCRAM"));
        properties.setBinary(PropertyId::AuthenticationData, hexBytes("01 02 03"));
        list.append({"5.0 AUTH continue", V5, auth(0x18, properties),
                     hexBytes("F0 10 | 18 | 0E | 15 00 05 53 43 52 41 4D | 16 00 03 01 02 03")});
    }
    // 0x19 Re-authenticate | Authentication Method "SCRAM".
    {
        Properties properties;
        properties.setString(PropertyId::AuthenticationMethod, QStringLiteral("SCRAM"));
        list.append({"5.0 AUTH re-authenticate", V5, auth(0x19, properties),
                     hexBytes("F0 0A | 19 | 08 | 15 00 05 53 43 52 41 4D")});
    }
}

} // namespace

QList<Vector> vectorsV5()
{
    QList<Vector> list;
    addConnectVectors(list);
    addPublishVectors(list);
    addAckVectors(list);
    addSubscribeVectors(list);
    addSessionVectors(list);
    return list;
}

} // namespace CodecVectors
