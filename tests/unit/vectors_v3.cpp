// MQTT 3.1 and 3.1.1 test vectors, built by hand from the OASIS MQTT 3.1.1 standard
// (sections 2 and 3) and the IBM MQTT V3.1 protocol specification. Apart from CONNECT
// (protocol name and level) and a few return codes, 3.1 and 3.1.1 share their wire format,
// so the packets after CONNECT/CONNACK are written once and listed for both versions.

#include "codecvectors.h"

#include "hexbytes.h"

using namespace PingScope::Protocol;
using namespace CodecVectors::Make;

namespace CodecVectors {

namespace {

// The packets whose wire format 3.1 and 3.1.1 share (3.1.1 section 3.3 onwards).
QList<Vector> commonVectors(ProtocolVersion version)
{
    const QByteArray v = versionLabel(version) + ' ';
    QList<Vector> list;

    // PUBLISH QoS 0: 30 = type 3, DUP 0, QoS 00, RETAIN 0 | remaining length 7 |
    // topic "a/b" (length 3) | no packet identifier at QoS 0 | payload "hi".
    list.append({v + "PUBLISH qos0", version,
                 publish(0, false, false, QStringLiteral("a/b"), 0, QByteArrayLiteral("hi")),
                 hexBytes("30 07 | 00 03 61 2F 62 | 68 69")});
    // PUBLISH QoS 0 with an empty payload (zero-length payloads are valid, 3.1.1 3.3.3).
    list.append({v + "PUBLISH qos0 empty payload", version,
                 publish(0, false, false, QStringLiteral("a/b"), 0, {}),
                 hexBytes("30 05 | 00 03 61 2F 62")});
    // PUBLISH QoS 0 RETAIN: flags 0001.
    list.append({v + "PUBLISH qos0 retain", version,
                 publish(0, true, false, QStringLiteral("a/b"), 0, QByteArrayLiteral("hi")),
                 hexBytes("31 07 | 00 03 61 2F 62 | 68 69")});
    // PUBLISH QoS 1 RETAIN: flags 0011 | length 9 | topic "a/b" | packet id 10 | "hi".
    list.append({v + "PUBLISH qos1 retain", version,
                 publish(1, true, false, QStringLiteral("a/b"), 10, QByteArrayLiteral("hi")),
                 hexBytes("33 09 | 00 03 61 2F 62 | 00 0A | 68 69")});
    // PUBLISH QoS 2 DUP: flags 1100 | length 9 | topic "a/b" | packet id 0x1234 | "hi".
    list.append({v + "PUBLISH qos2 dup", version,
                 publish(2, false, true, QStringLiteral("a/b"), 0x1234, QByteArrayLiteral("hi")),
                 hexBytes("3C 09 | 00 03 61 2F 62 | 12 34 | 68 69")});
    // PUBLISH QoS 1 DUP RETAIN, packet id 65535: flags 1011.
    list.append({v + "PUBLISH qos1 dup retain id 65535", version,
                 publish(1, true, true, QStringLiteral("x"), 0xFFFF, QByteArrayLiteral("1")),
                 hexBytes("3B 06 | 00 01 78 | FF FF | 31")});
    // PUBLISH with a 200-byte payload: remaining length 203 needs two bytes,
    // 203 = 0x4B + 1 * 128 -> CB 01 (3.1.1 section 2.2.3) | topic "t" | 200 x 'x'.
    list.append({v + "PUBLISH two-byte remaining length", version,
                 publish(0, false, false, QStringLiteral("t"), 0, QByteArray(200, 'x')),
                 hexBytes("30 CB 01 | 00 01 74") + QByteArray(200, 'x')});
    // PUBLISH with a non-ASCII topic "ü" (UTF-8 C3 BC) and a binary payload 00 FF.
    list.append({v + "PUBLISH utf8 topic", version,
                 publish(0, false, false, QStringLiteral("\u00FC"), 0, hexBytes("00 FF")),
                 hexBytes("30 06 | 00 02 C3 BC | 00 FF")});
    // PUBLISH whose topic starts with a BOM (EF BB BF): kept, not stripped (3.1.1 [MQTT-1.5.3-3]).
    list.append({v + "PUBLISH topic with BOM", version,
                 publish(0, false, false, QStringLiteral("\uFEFFa"), 0, {}),
                 hexBytes("30 06 | 00 04 EF BB BF 61")});

    // PUBACK / PUBREC / PUBREL / PUBCOMP: fixed header | length 2 | packet identifier.
    // PUBREL carries the reserved flags 0010 (3.1.1 section 3.6.1); the others 0000.
    list.append({v + "PUBACK", version, ack(PacketType::Puback, 10), hexBytes("40 02 | 00 0A")});
    list.append({v + "PUBACK id 65535", version, ack(PacketType::Puback, 0xFFFF),
                 hexBytes("40 02 | FF FF")});
    list.append({v + "PUBREC", version, ack(PacketType::Pubrec, 10), hexBytes("50 02 | 00 0A")});
    list.append({v + "PUBREL", version, ack(PacketType::Pubrel, 10), hexBytes("62 02 | 00 0A")});
    list.append({v + "PUBCOMP", version, ack(PacketType::Pubcomp, 10), hexBytes("70 02 | 00 0A")});

    // SUBSCRIBE: 82 = type 8, flags 0010 | length 14 | packet id 1 |
    // "a/b" requested QoS 0 | "c/#" requested QoS 2.
    {
        SubscribePacket packet;
        packet.packetId = 1;
        packet.subscriptions = {subscription(QStringLiteral("a/b"), 0),
                                subscription(QStringLiteral("c/#"), 2)};
        list.append({v + "SUBSCRIBE two filters", version, packet,
                     hexBytes("82 0E | 00 01 | 00 03 61 2F 62 | 00 | 00 03 63 2F 23 | 02")});
    }
    // SUBSCRIBE: packet id 5 | "+/b" requested QoS 1.
    {
        SubscribePacket packet;
        packet.packetId = 5;
        packet.subscriptions = {subscription(QStringLiteral("+/b"), 1)};
        list.append({v + "SUBSCRIBE one filter", version, packet,
                     hexBytes("82 08 | 00 05 | 00 03 2B 2F 62 | 01")});
    }
    // SUBACK: 90 | length 4 | packet id 1 | return codes: granted QoS 0, granted QoS 2.
    {
        SubackPacket packet;
        packet.packetId = 1;
        packet.reasonCodes = {0x00, 0x02};
        list.append({v + "SUBACK", version, packet, hexBytes("90 04 | 00 01 | 00 02")});
    }
    // UNSUBSCRIBE: A2 = type 10, flags 0010 | length 10 | packet id 2 | "a/b" | "#".
    {
        UnsubscribePacket packet;
        packet.packetId = 2;
        packet.topicFilters = {QStringLiteral("a/b"), QStringLiteral("#")};
        list.append({v + "UNSUBSCRIBE", version, packet,
                     hexBytes("A2 0A | 00 02 | 00 03 61 2F 62 | 00 01 23")});
    }
    // UNSUBACK: B0 | length 2 | packet id 2; no payload before 5.0 (3.1.1 section 3.11).
    {
        UnsubackPacket packet;
        packet.packetId = 2;
        list.append({v + "UNSUBACK", version, packet, hexBytes("B0 02 | 00 02")});
    }
    // PINGREQ, PINGRESP and DISCONNECT: a fixed header with remaining length 0.
    list.append({v + "PINGREQ", version, PingreqPacket{}, hexBytes("C0 00")});
    list.append({v + "PINGRESP", version, PingrespPacket{}, hexBytes("D0 00")});
    list.append({v + "DISCONNECT", version, DisconnectPacket{}, hexBytes("E0 00")});
    return list;
}

} // namespace

QList<Vector> vectorsV3_1()
{
    const ProtocolVersion version = ProtocolVersion::V3_1;
    QList<Vector> list;

    // CONNECT: 10 | length 16 | protocol name "MQIsdp" (00 06 ...) | level 3 |
    // flags 02 (clean session) | keep alive 60 | client id "ps".
    list.append({"3.1 CONNECT minimal", version, connect(version, true, 60, QStringLiteral("ps")),
                 hexBytes("10 10 | 00 06 4D 51 49 73 64 70 | 03 | 02 | 00 3C | 00 02 70 73")});
    // CONNECT with will, user name and password: flags EE = user name 80 | password 40 |
    // will retain 20 | will QoS 1 (08) | will 04 | clean session 02 | keep alive 10 |
    // client id "ps" | will topic "w" | will message "bye" | user name "u" | password "pw".
    {
        ConnectPacket packet = connect(version, true, 10, QStringLiteral("ps"));
        packet.will = will(QStringLiteral("w"), QByteArrayLiteral("bye"), 1, true);
        packet.userName = QStringLiteral("u");
        packet.password = QByteArrayLiteral("pw");
        list.append({"3.1 CONNECT will user password", version, packet,
                     hexBytes("10 1F | 00 06 4D 51 49 73 64 70 | 03 | EE | 00 0A | 00 02 70 73"
                              " | 00 01 77 | 00 03 62 79 65 | 00 01 75 | 00 02 70 77")});
    }
    // CONNECT with a user name only, clean session 0: flags 80.
    {
        ConnectPacket packet = connect(version, false, 60, QStringLiteral("ps"));
        packet.userName = QStringLiteral("u");
        list.append({"3.1 CONNECT user name only", version, packet,
                     hexBytes("10 13 | 00 06 4D 51 49 73 64 70 | 03 | 80 | 00 3C | 00 02 70 73"
                              " | 00 01 75")});
    }
    // CONNACK: 20 | length 2 | reserved byte (3.1 has no session present flag) | return code.
    list.append({"3.1 CONNACK accepted", version, connack(false, 0), hexBytes("20 02 00 00")});
    list.append(
        {"3.1 CONNACK identifier rejected", version, connack(false, 2), hexBytes("20 02 00 02")});

    return list + commonVectors(version);
}

QList<Vector> vectorsV3_1_1()
{
    const ProtocolVersion version = ProtocolVersion::V3_1_1;
    QList<Vector> list;

    // CONNECT (3.1.1 section 3.1): 10 | length 14 | "MQTT" | level 4 | flags 02 (clean
    // session) | keep alive 60 | client id "ps".
    list.append({"3.1.1 CONNECT minimal", version, connect(version, true, 60, QStringLiteral("ps")),
                 hexBytes("10 0E | 00 04 4D 51 54 54 | 04 | 02 | 00 3C | 00 02 70 73")});
    // CONNECT flags EC = user name | password | will retain | will QoS 1 | will; clean
    // session 0 | keep alive 10 | "ps" | will topic "w" | will message "bye" | "u" | "pw".
    {
        ConnectPacket packet = connect(version, false, 10, QStringLiteral("ps"));
        packet.will = will(QStringLiteral("w"), QByteArrayLiteral("bye"), 1, true);
        packet.userName = QStringLiteral("u");
        packet.password = QByteArrayLiteral("pw");
        list.append({"3.1.1 CONNECT will user password", version, packet,
                     hexBytes("10 1D | 00 04 4D 51 54 54 | 04 | EC | 00 0A | 00 02 70 73"
                              " | 00 01 77 | 00 03 62 79 65 | 00 01 75 | 00 02 70 77")});
    }
    // CONNECT flags 96 = user name | will QoS 2 (10) | will | clean session; keep alive 0 |
    // "ps" | will topic "w" | empty will message | user name "u"; no password.
    {
        ConnectPacket packet = connect(version, true, 0, QStringLiteral("ps"));
        packet.will = will(QStringLiteral("w"), {}, 2, false);
        packet.userName = QStringLiteral("u");
        list.append({"3.1.1 CONNECT will qos2 user name only", version, packet,
                     hexBytes("10 16 | 00 04 4D 51 54 54 | 04 | 96 | 00 00 | 00 02 70 73"
                              " | 00 01 77 | 00 00 | 00 01 75")});
    }
    // CONNECT with a zero-length client id (allowed with clean session, [MQTT-3.1.3-7])
    // and the largest keep alive, 65535 s.
    list.append({"3.1.1 CONNECT empty client id", version, connect(version, true, 0xFFFF, {}),
                 hexBytes("10 0C | 00 04 4D 51 54 54 | 04 | 02 | FF FF | 00 00")});

    // CONNACK (3.1.1 section 3.2): 20 | length 2 | acknowledge flags | return code.
    list.append({"3.1.1 CONNACK accepted", version, connack(false, 0), hexBytes("20 02 00 00")});
    list.append(
        {"3.1.1 CONNACK session present", version, connack(true, 0), hexBytes("20 02 01 00")});
    list.append(
        {"3.1.1 CONNACK not authorized", version, connack(false, 5), hexBytes("20 02 00 05")});
    // SUBACK with return code 0x80 Failure (new in 3.1.1, section 3.9.3).
    {
        SubackPacket packet;
        packet.packetId = 7;
        packet.reasonCodes = {0x80};
        list.append({"3.1.1 SUBACK failure", version, packet, hexBytes("90 03 | 00 07 | 80")});
    }

    return list + commonVectors(version);
}

} // namespace CodecVectors
