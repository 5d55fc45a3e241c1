// Malformed input: each row must be rejected by decodePacket with one specific
// DecodeErrorCode and a message. Rows name the rule they break (3.1.1 or 5.0 statement IDs).
// Also: a few edge cases that must NOT be rejected, and the topic name/filter checks.

#include "hexbytes.h"
#include "packetprinting.h"
#include "protocol/codec.h"
#include "protocol/topics.h"

#include <QTest>

using namespace PingScope::Protocol;
using Code = DecodeErrorCode;

namespace {

constexpr ProtocolVersion V31 = ProtocolVersion::V3_1;
constexpr ProtocolVersion V311 = ProtocolVersion::V3_1_1;
constexpr ProtocolVersion V5 = ProtocolVersion::V5;

// One row: `offset` is the expected DecodeError::offset, or -1 where several bytes could
// fairly be called the offending one.
void row(const char *name, ProtocolVersion version, const char *hex, Code code, int offset = -1,
         Sender sender = Sender::Either, quint32 maximum = MaximumPossiblePacketSize)
{
    QTest::newRow(name) << hexBytes(hex) << int(version) << int(sender) << maximum << int(code)
                        << offset;
}

} // namespace

class TestMalformed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejected_data();
    void rejected();
    void accepted_data();
    void accepted();
    void topicNames_data();
    void topicNames();
    void topicFilters_data();
    void topicFilters();
};

void TestMalformed::rejected_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("version");
    QTest::addColumn<int>("sender");
    QTest::addColumn<quint32>("maximum");
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("offset");

    // Remaining length: at most 4 bytes (3.1.1 2.2.3, 5.0 1.5.5).
    row("5th length byte 3.1.1", V311, "30 FF FF FF FF 01", Code::MalformedRemainingLength);
    row("5th length byte 5.0", V5, "30 FF FF FF FF 01", Code::MalformedRemainingLength);
    row("Subscription Identifier of 5 bytes", V5, "30 0C 00 03 61 2F 62 06 0B FF FF FF FF 01",
        Code::MalformedRemainingLength);
    row("5 length bytes of zero 3.1.1", V311, "C0 80 80 80 80 00", Code::MalformedRemainingLength);
    // 5.0 [MQTT-1.5.5-1]: the fewest bytes. 0 as 80 00; property length 0 as 80 00;
    // Subscription Identifier 5 as 85 00.
    row("non-minimal remaining length", V5, "C0 80 00", Code::NonMinimalVariableInteger);
    row("non-minimal property length", V5, "E0 03 00 80 00", Code::NonMinimalVariableInteger);
    row("non-minimal subscription identifier", V5, "30 09 00 03 61 2F 62 03 0B 85 00",
        Code::NonMinimalVariableInteger);

    // Packet types 0 (reserved everywhere) and 15 (AUTH from 5.0 on, reserved before).
    row("type 0 3.1.1", V311, "00 00", Code::UnknownPacketType, 0);
    row("type 0 5.0", V5, "00 00", Code::UnknownPacketType, 0);
    row("type 15 3.1.1", V311, "F0 00", Code::UnknownPacketType, 0);
    row("type 15 3.1", V31, "F0 00", Code::UnknownPacketType, 0);

    // Reserved flag bits ([MQTT-2.2.2-1/2] in 3.1.1; malformed packet in 5.0).
    row("PUBREL flags 0000", V311, "60 02 00 01", Code::InvalidFixedHeaderFlags, 0);
    row("SUBSCRIBE flags 0000", V311, "80 08 00 01 00 03 61 2F 62 00",
        Code::InvalidFixedHeaderFlags, 0);
    row("UNSUBSCRIBE flags 0000", V311, "A0 07 00 01 00 03 61 2F 62", Code::InvalidFixedHeaderFlags,
        0);
    row("PINGREQ flags 0001", V311, "C1 00", Code::InvalidFixedHeaderFlags, 0);
    // [MQTT-3.3.1-2]: DUP must be 0 at QoS 0.
    row("PUBLISH qos0 with DUP", V311, "38 07 00 03 61 2F 62 68 69", Code::InvalidFixedHeaderFlags,
        0);
    row("PUBACK flags 0010 5.0", V5, "42 02 00 01", Code::InvalidFixedHeaderFlags, 0);
    row("CONNACK flags 0001 5.0", V5, "21 03 00 00 00", Code::InvalidFixedHeaderFlags, 0);
    row("DISCONNECT flags 1000 5.0", V5, "E8 00", Code::InvalidFixedHeaderFlags, 0);

    // QoS 3 ([MQTT-3.3.1-4], will QoS [MQTT-3.1.2-14], subscription [MQTT-3-8.3-4]).
    row("PUBLISH qos 3", V311, "36 07 00 03 61 2F 62 00 01", Code::InvalidQoS, 0);
    row("PUBLISH qos 3 5.0", V5, "36 08 00 03 61 2F 62 00 01 00", Code::InvalidQoS, 0);
    row("CONNECT will qos 3", V311,
        "10 13 00 04 4D 51 54 54 04 1E 00 3C 00 02 70 73 00 01 77 00 00", Code::InvalidQoS, 9);
    row("SUBSCRIBE qos 3", V311, "82 08 00 01 00 03 61 2F 62 03", Code::InvalidQoS, 9);
    row("SUBSCRIBE qos 3 5.0", V5, "82 09 00 01 00 00 03 61 2F 62 03", Code::InvalidQoS, 10);

    // Packet identifier 0 ([MQTT-2.3.1-1] 3.1.1; [MQTT-2.2.1-3] 5.0).
    row("PUBACK id 0", V311, "40 02 00 00", Code::ZeroPacketIdentifier, 2);
    row("PUBREL id 0 5.0", V5, "62 02 00 00", Code::ZeroPacketIdentifier, 2);
    row("SUBSCRIBE id 0", V311, "82 08 00 00 00 03 61 2F 62 00", Code::ZeroPacketIdentifier, 2);
    row("UNSUBSCRIBE id 0", V311, "A2 07 00 00 00 03 61 2F 62", Code::ZeroPacketIdentifier, 2);
    row("PUBLISH qos1 id 0", V311, "32 07 00 03 61 2F 62 00 00", Code::ZeroPacketIdentifier, 7);

    // UTF-8 ([MQTT-1.5.3-1] 3.1.1; [MQTT-1.5.4-1] 5.0).
    row("topic C3 28", V311, "30 04 00 02 C3 28", Code::InvalidUtf8);
    row("topic surrogate ED A0 80", V311, "30 05 00 03 ED A0 80", Code::InvalidUtf8);
    row("topic overlong C0 AF", V311, "30 04 00 02 C0 AF", Code::InvalidUtf8);
    row("topic above U+10FFFF", V311, "30 06 00 04 F4 90 80 80", Code::InvalidUtf8);
    row("client id C3 28", V311, "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 02 C3 28",
        Code::InvalidUtf8);
    row("content type FF 5.0", V5, "30 08 00 01 74 04 03 00 01 FF", Code::InvalidUtf8);

    // U+0000 ([MQTT-1.5.3-2] 3.1.1; [MQTT-1.5.4-2] 5.0).
    row("topic with U+0000", V311, "30 05 00 03 61 00 62", Code::NullCharacter);
    row("user property name U+0000 5.0", V5, "30 0B 00 01 74 07 26 00 01 00 00 01 62",
        Code::NullCharacter);

    // A field running past the end of the packet.
    row("CONNACK length 1", V311, "20 01 00", Code::Truncated);
    row("topic length past end", V311, "30 05 00 09 61 2F 62", Code::Truncated);
    row("PUBLISH qos1 without id", V311, "32 05 00 03 61 2F 62", Code::Truncated);
    row("fewer bytes than remaining length", V311, "40 02 00", Code::Truncated);
    row("SUBSCRIBE without options byte", V311, "82 07 00 01 00 03 61 2F 62", Code::Truncated);
    row("CONNECT password missing", V311,
        "10 11 00 04 4D 51 54 54 04 C2 00 3C 00 02 70 73 00 01 75", Code::Truncated);
    row("property length past end 5.0", V5, "30 07 00 03 61 2F 62 05 01", Code::Truncated);
    row("property value past end 5.0", V5, "30 08 00 03 61 2F 62 02 02 00", Code::Truncated);

    // Bytes after the last field.
    row("PINGREQ length 1", V311, "C0 01 00", Code::TrailingBytes);
    row("PUBACK length 3 in 3.1.1", V311, "40 03 00 01 00", Code::TrailingBytes, 4);
    row("CONNACK length 3 in 3.1.1", V311, "20 03 00 00 00", Code::TrailingBytes, 4);
    row("UNSUBACK with codes in 3.1.1", V311, "B0 03 00 01 00", Code::TrailingBytes, 4);
    row("bytes after the packet", V311, "40 02 00 01 FF", Code::TrailingBytes, 4);
    row("DISCONNECT extra byte 5.0", V5, "E0 03 00 00 00", Code::TrailingBytes, 4);
    row("PUBACK extra byte 5.0", V5, "40 05 00 01 00 00 00", Code::TrailingBytes, 6);

    // CONNECT variable header ([MQTT-3.1.2-1], [MQTT-3.1.2-2], [MQTT-3.1.2-3]).
    row("protocol name MQTX", V311, "10 0E 00 04 4D 51 54 58 04 02 00 3C 00 02 70 73",
        Code::InvalidProtocolName);
    row("protocol name mqtt", V311, "10 0E 00 04 6D 71 74 74 04 02 00 3C 00 02 70 73",
        Code::InvalidProtocolName);
    row("protocol level 6", V311, "10 0E 00 04 4D 51 54 54 06 02 00 3C 00 02 70 73",
        Code::UnsupportedProtocolLevel, 8);
    row("reserved connect flag", V311, "10 0E 00 04 4D 51 54 54 04 03 00 3C 00 02 70 73",
        Code::InvalidConnectFlags, 9);
    row("reserved connect flag 5.0", V5, "10 0F 00 04 4D 51 54 54 05 03 00 3C 00 00 02 70 73",
        Code::InvalidConnectFlags, 9);
    row("will qos without will", V311, "10 0E 00 04 4D 51 54 54 04 0A 00 3C 00 02 70 73",
        Code::InvalidConnectFlags, 9);
    row("will retain without will", V311, "10 0E 00 04 4D 51 54 54 04 22 00 3C 00 02 70 73",
        Code::InvalidConnectFlags, 9);
    row("password without user name 3.1.1", V311,
        "10 12 00 04 4D 51 54 54 04 42 00 3C 00 02 70 73 00 02 70 77", Code::InvalidConnectFlags,
        9);

    // CONNACK flags ([MQTT-3.2.2-1]; session present must be 0 on refusal [MQTT-3.2.2-4]).
    row("CONNACK flags 02", V311, "20 02 02 00", Code::InvalidConnackFlags, 2);
    row("CONNACK session present refused", V311, "20 02 01 05", Code::InvalidConnackFlags);
    row("CONNACK flags 80 5.0", V5, "20 03 80 00 00", Code::InvalidConnackFlags, 2);
    row("CONNACK session present refused 5.0", V5, "20 03 01 87 00", Code::InvalidConnackFlags);

    // 5.0 properties (2.2.2.2): unknown identifiers, wrong packet, repeats, bad values.
    row("property 0x7F", V5, "30 08 00 03 61 2F 62 02 7F 00", Code::UnknownProperty, 8);
    row("property 0x00", V5, "30 08 00 03 61 2F 62 02 00 00", Code::UnknownProperty, 8);
    row("Server Keep Alive in PUBLISH", V5, "30 09 00 03 61 2F 62 03 13 00 0A",
        Code::PropertyNotAllowed, 8);
    row("Will Delay Interval in CONNECT", V5,
        "10 14 00 04 4D 51 54 54 05 02 00 3C 05 18 00 00 00 0A 00 02 70 73",
        Code::PropertyNotAllowed, 13);
    // Will properties have their own context: Session Expiry Interval belongs to CONNECT.
    row("Session Expiry Interval in will properties", V5,
        "10 1A 00 04 4D 51 54 54 05 06 00 3C 00 00 02 70 73 05 11 00 00 00 0A 00 01 77 00 00",
        Code::PropertyNotAllowed, 18);
    row("Receive Maximum in SUBSCRIBE", V5, "82 0C 00 01 03 21 00 0A 00 03 61 2F 62 00",
        Code::PropertyNotAllowed, 5);
    row("Topic Alias in CONNACK", V5, "20 06 00 00 03 23 00 01", Code::PropertyNotAllowed, 5);
    row("Session Expiry twice in CONNECT", V5,
        "10 19 00 04 4D 51 54 54 05 02 00 3C 0A 11 00 00 00 0A 11 00 00 00 14 00 02 70 73",
        Code::DuplicateProperty, 18);
    row("Topic Alias twice in PUBLISH", V5, "30 0C 00 03 61 2F 62 06 23 00 01 23 00 02",
        Code::DuplicateProperty, 11);
    row("Subscription Identifier twice in SUBSCRIBE", V5,
        "82 0D 00 01 04 0B 01 0B 02 00 03 61 2F 62 00", Code::DuplicateProperty, 7);
    row("Receive Maximum 0", V5, "20 06 00 00 03 21 00 00", Code::InvalidPropertyValue);
    row("Maximum QoS 2", V5, "20 05 00 00 02 24 02", Code::InvalidPropertyValue);
    row("Retain Available 2", V5, "20 05 00 00 02 25 02", Code::InvalidPropertyValue);
    row("Payload Format Indicator 2", V5, "30 08 00 03 61 2F 62 02 01 02",
        Code::InvalidPropertyValue);
    row("Topic Alias 0", V5, "30 09 00 03 61 2F 62 03 23 00 00", Code::InvalidPropertyValue);
    row("Maximum Packet Size 0", V5,
        "10 14 00 04 4D 51 54 54 05 02 00 3C 05 27 00 00 00 00 00 02 70 73",
        Code::InvalidPropertyValue);
    row("Request Problem Information 2", V5,
        "10 11 00 04 4D 51 54 54 05 02 00 3C 02 17 02 00 02 70 73", Code::InvalidPropertyValue, 13);
    row("Subscription Identifier 0", V5, "82 0B 00 01 02 0B 00 00 03 61 2F 62 00",
        Code::InvalidPropertyValue);

    // Reason codes a packet (from this sender) may not carry (5.0 2.4 and chapter 3).
    row("PUBACK 0x8E", V5, "40 03 00 01 8E", Code::InvalidReasonCode, 4);
    row("PUBREL 0x10", V5, "62 03 00 01 10", Code::InvalidReasonCode, 4);
    row("CONNACK 0x04", V5, "20 03 00 04 00", Code::InvalidReasonCode, 3);
    row("SUBACK 0x03", V5, "90 04 00 01 00 03", Code::InvalidReasonCode, 5);
    row("AUTH 0x80", V5, "F0 02 80 00", Code::InvalidReasonCode, 2);
    row("DISCONNECT 0x04 from server", V5, "E0 01 04", Code::InvalidReasonCode, 2, Sender::Server);
    row("DISCONNECT 0x8E from client", V5, "E0 01 8E", Code::InvalidReasonCode, 2, Sender::Client);
    row("CONNACK return code 6 3.1.1", V311, "20 02 00 06", Code::InvalidReasonCode, 3);
    row("SUBACK return code 3 3.1.1", V311, "90 03 00 01 03", Code::InvalidReasonCode, 4);

    // Topics ([MQTT-3.3.2-2], [MQTT-4.7.1-2/3], [MQTT-4.7.3-1]; 5.0 empty topic needs an alias).
    row("PUBLISH topic a/+", V311, "30 05 00 03 61 2F 2B", Code::InvalidTopic);
    row("PUBLISH topic a/# 5.0", V5, "30 06 00 03 61 2F 23 00", Code::InvalidTopic);
    row("PUBLISH empty topic 3.1.1", V311, "30 02 00 00", Code::InvalidTopic);
    row("PUBLISH empty topic without alias 5.0", V5, "30 03 00 00 00", Code::InvalidTopic);
    row("SUBSCRIBE filter a/#/b", V311, "82 0A 00 01 00 05 61 2F 23 2F 62 00", Code::InvalidTopic);
    row("SUBSCRIBE filter a+ 5.0", V5, "82 08 00 01 00 00 02 61 2B 00", Code::InvalidTopic);
    row("SUBSCRIBE empty filter", V311, "82 05 00 01 00 00 00", Code::InvalidTopic);
    row("UNSUBSCRIBE filter a/b#", V311, "A2 08 00 01 00 04 61 2F 62 23", Code::InvalidTopic);

    // No entries ([MQTT-3.8.3-3], [MQTT-3.10.3-2]).
    row("SUBSCRIBE without filters", V311, "82 02 00 01", Code::EmptyPayload);
    row("SUBSCRIBE without filters 5.0", V5, "82 03 00 01 00", Code::EmptyPayload);
    row("UNSUBSCRIBE without filters", V311, "A2 02 00 01", Code::EmptyPayload);
    row("SUBACK without codes", V311, "90 02 00 01", Code::EmptyPayload);

    // Subscription options (5.0 3.8.3.1; 3.1.1 [MQTT-3.8.3-4]).
    row("retain handling 3", V5, "82 09 00 01 00 00 03 61 2F 62 30",
        Code::InvalidSubscriptionOptions, 10);
    row("reserved option bit 6 5.0", V5, "82 09 00 01 00 00 03 61 2F 62 40",
        Code::InvalidSubscriptionOptions, 10);
    row("reserved option bit 2 3.1.1", V311, "82 08 00 01 00 03 61 2F 62 04",
        Code::InvalidSubscriptionOptions, 9);
    row("reserved option bit 7 3.1.1", V311, "82 08 00 01 00 03 61 2F 62 80",
        Code::InvalidSubscriptionOptions, 9);
    row("no local on shared subscription", V5,
        "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 74 04", Code::InvalidSubscriptionOptions);
    // A shared subscription names a group and a filter: "$share/g" alone, or an empty
    // group name, is a Protocol Error [MQTT-4.8.2-1]; wildcards in the name too [MQTT-4.8.2-2].
    row("shared subscription without filter", V5, "82 0E 00 01 00 00 08 24 73 68 61 72 65 2F 67 00",
        Code::InvalidTopic, 5);
    row("shared subscription with empty share name", V5,
        "82 0F 00 01 00 00 09 24 73 68 61 72 65 2F 2F 74 00", Code::InvalidTopic, 5);
    row("shared subscription name with wildcard", V5,
        "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 2B 2F 74 00", Code::InvalidTopic, 5);
    // Authentication Data needs an Authentication Method (5.0 section 3.1.2.11.10).
    row("authentication data without method", V5,
        "10 12 00 04 4D 51 54 54 05 02 00 3C 04 16 00 01 AA 00 01 63", Code::InvalidPropertyValue);
    // Only a server adds Subscription Identifiers to a PUBLISH [MQTT-3.3.4-6].
    row("subscription identifier in client PUBLISH", V5, "30 06 00 01 74 02 0B 01",
        Code::PropertyNotAllowed, 5, Sender::Client);

    // Larger than DecodeOptions::maximumPacketSize: 9 bytes against 8; a huge declared length.
    row("9 bytes, maximum 8", V311, "30 07 00 03 61 2F 62 68 69", Code::PacketTooLarge, -1,
        Sender::Either, 8);
    row("9 bytes, maximum 8 5.0", V5, "30 08 00 03 61 2F 62 00 68 69", Code::PacketTooLarge, -1,
        Sender::Either, 9);

    // Packets this peer never sends.
    row("CONNECT from server", V311, "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 02 70 73",
        Code::UnexpectedPacket, 0, Sender::Server);
    row("CONNECT from server 5.0", V5, "10 0F 00 04 4D 51 54 54 05 02 00 3C 00 00 02 70 73",
        Code::UnexpectedPacket, 0, Sender::Server);
    row("CONNACK from client", V311, "20 02 00 00", Code::UnexpectedPacket, 0, Sender::Client);
    row("SUBSCRIBE from server", V5, "82 09 00 01 00 00 03 61 2F 62 00", Code::UnexpectedPacket, 0,
        Sender::Server);
    row("SUBACK from client", V311, "90 03 00 01 00", Code::UnexpectedPacket, 0, Sender::Client);
    row("PINGREQ from server", V311, "C0 00", Code::UnexpectedPacket, 0, Sender::Server);
    row("PINGRESP from client", V5, "D0 00", Code::UnexpectedPacket, 0, Sender::Client);
    // 3.1.1 Table 2.1 and section 3.14: DISCONNECT flows from client to server only.
    row("DISCONNECT from server 3.1.1", V311, "E0 00", Code::UnexpectedPacket, 0, Sender::Server);
    row("DISCONNECT from server 3.1", V31, "E0 00", Code::UnexpectedPacket, 0, Sender::Server);
}

void TestMalformed::rejected()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, version);
    QFETCH(int, sender);
    QFETCH(quint32, maximum);
    QFETCH(int, code);
    QFETCH(int, offset);

    DecodeOptions options;
    options.version = ProtocolVersion(version);
    options.sender = Sender(sender);
    options.maximumPacketSize = maximum;
    const DecodeResult result = decodePacket(bytes, options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error.code, DecodeErrorCode(code));
    QVERIFY(!result.error.message.isEmpty());
    QVERIFY2(result.error.offset >= 0 && result.error.offset <= bytes.size(),
             QByteArray::number(result.error.offset).constData());
    if (offset >= 0)
        QCOMPARE(result.error.offset, qsizetype(offset));

    // With field recording on, the verdict is the same.
    options.recordFields = true;
    QCOMPARE(decodePacket(bytes, options).error.code, DecodeErrorCode(code));
}

void TestMalformed::accepted_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("version");
    QTest::addColumn<int>("sender");
    QTest::addColumn<int>("type");

    // Only 5.0 demands the shortest variable byte integer.
    QTest::newRow("non-minimal length 3.1.1")
        << hexBytes("C0 80 00") << int(V311) << int(Sender::Either) << int(PacketType::Pingreq);
    // Reason codes from the sender allowed to use them (5.0 Table 3-10).
    QTest::newRow("DISCONNECT 0x8E from server")
        << hexBytes("E0 01 8E") << int(V5) << int(Sender::Server) << int(PacketType::Disconnect);
    QTest::newRow("DISCONNECT 0x04 from client")
        << hexBytes("E0 01 04") << int(V5) << int(Sender::Client) << int(PacketType::Disconnect);
    // Before 5.0 DISCONNECT is what a client sends (3.1.1 section 3.14, Table 2.1).
    QTest::newRow("DISCONNECT from client 3.1.1")
        << hexBytes("E0 00") << int(V311) << int(Sender::Client) << int(PacketType::Disconnect);
    QTest::newRow("DISCONNECT from client 3.1")
        << hexBytes("E0 00") << int(V31) << int(Sender::Client) << int(PacketType::Disconnect);
    QTest::newRow("DISCONNECT 0x00 from server 5.0")
        << hexBytes("E0 00") << int(V5) << int(Sender::Server) << int(PacketType::Disconnect);
    QTest::newRow("CONNECT from client")
        << hexBytes("10 0E 00 04 4D 51 54 54 04 02 00 3C 00 02 "
                    "70 73")
        << int(V311) << int(Sender::Client) << int(PacketType::Connect);
    // A CONNECT is read by its own protocol level, whatever the connection's version.
    QTest::newRow("5.0 CONNECT on 3.1.1 options")
        << hexBytes("10 0F 00 04 4D 51 54 54 05 02 00 3C 00 00 02 70 73") << int(V311)
        << int(Sender::Either) << int(PacketType::Connect);
    QTest::newRow("3.1 CONNECT on 5.0 options")
        << hexBytes("10 10 00 06 4D 51 49 73 64 70 03 02 00 3C 00 02 70 73") << int(V5)
        << int(Sender::Either) << int(PacketType::Connect);
    // Wildcard characters are ordinary characters in a UTF-8 payload; "$" topics are valid.
    QTest::newRow("PUBLISH $SYS topic")
        << hexBytes("30 0A 00 06 24 53 59 53 2F 78 23 2B") << int(V311) << int(Sender::Either)
        << int(PacketType::Publish);
}

void TestMalformed::accepted()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, version);
    QFETCH(int, sender);
    QFETCH(int, type);
    DecodeOptions options;
    options.version = ProtocolVersion(version);
    options.sender = Sender(sender);
    const DecodeResult result = decodePacket(bytes, options);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(int(result.decoded.type()), type);
    QCOMPARE(result.decoded.raw, bytes);
    // The level byte follows the protocol name: 2 header bytes, 2 length bytes, the name.
    if (const auto *connect = std::get_if<ConnectPacket>(&result.decoded.packet))
        QCOMPARE(int(connect->protocolVersion), int(bytes.at(4 + bytes.at(3))));
}

void TestMalformed::topicNames_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("valid");
    QTest::newRow("a/b") << QStringLiteral("a/b") << true;
    QTest::newRow("sport/tennis/player1") << QStringLiteral("sport/tennis/player1") << true;
    QTest::newRow("/") << QStringLiteral("/") << true;
    QTest::newRow("a//b") << QStringLiteral("a//b") << true;
    QTest::newRow("space") << QStringLiteral(" ") << true;
    QTest::newRow("$SYS/broker") << QStringLiteral("$SYS/broker") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("#") << QStringLiteral("#") << false;
    QTest::newRow("a/#") << QStringLiteral("a/#") << false;
    QTest::newRow("a/b#") << QStringLiteral("a/b#") << false;
    QTest::newRow("+") << QStringLiteral("+") << false;
    QTest::newRow("a/+/b") << QStringLiteral("a/+/b") << false;
    QTest::newRow("a+") << QStringLiteral("a+") << false;
    QTest::newRow("sport/tennis/#") << QStringLiteral("sport/tennis/#") << false;
}

void TestMalformed::topicNames()
{
    QFETCH(QString, topic);
    QFETCH(bool, valid);
    const QString problem = topicNameProblem(topic);
    QVERIFY2(problem.isEmpty() == valid, qPrintable(problem));
}

void TestMalformed::topicFilters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("valid");
    QTest::newRow("#") << QStringLiteral("#") << true;
    QTest::newRow("a/#") << QStringLiteral("a/#") << true;
    QTest::newRow("sport/tennis/#") << QStringLiteral("sport/tennis/#") << true;
    QTest::newRow("+") << QStringLiteral("+") << true;
    QTest::newRow("a/+/b") << QStringLiteral("a/+/b") << true;
    QTest::newRow("+/+") << QStringLiteral("+/+") << true;
    QTest::newRow("+/tennis/#") << QStringLiteral("+/tennis/#") << true;
    QTest::newRow("a/b") << QStringLiteral("a/b") << true;
    QTest::newRow("/") << QStringLiteral("/") << true;
    QTest::newRow("$SYS/#") << QStringLiteral("$SYS/#") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("a/b#") << QStringLiteral("a/b#") << false;
    QTest::newRow("a#") << QStringLiteral("a#") << false;
    QTest::newRow("a/#/b") << QStringLiteral("a/#/b") << false;
    QTest::newRow("#/a") << QStringLiteral("#/a") << false;
    QTest::newRow("a+") << QStringLiteral("a+") << false;
    QTest::newRow("+a") << QStringLiteral("+a") << false;
    QTest::newRow("sport+/x") << QStringLiteral("sport+/x") << false;
}

void TestMalformed::topicFilters()
{
    QFETCH(QString, filter);
    QFETCH(bool, valid);
    const QString problem = topicFilterProblem(filter);
    QVERIFY2(problem.isEmpty() == valid, qPrintable(problem));
}

QTEST_APPLESS_MAIN(TestMalformed)

#include "tst_malformed.moc"
