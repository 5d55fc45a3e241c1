// Byte-exact encode and decode of every packet type in MQTT 3.1, 3.1.1 and 5.0, and the field
// ranges the packet inspector shows. The naming tables are tested in tst_names.cpp.
// The vectors themselves live in vectors_v3.cpp and vectors_v5.cpp (see codecvectors.h).

#include "codecvectors.h"
#include "hexbytes.h"
#include "packetprinting.h"
#include "protocol/codec.h"
#include "protocol/packetsummary.h"
#include "protocol/properties.h"
#include "protocol/reasoncodes.h"

#include <QTest>

using namespace PingScope::Protocol;
using CodecVectors::Direction;
using CodecVectors::Vector;

namespace {

const Vector &vectorAt(int index)
{
    return CodecVectors::allVectors().at(index);
}

DecodeOptions optionsFor(ProtocolVersion version, bool recordFields = false)
{
    DecodeOptions options;
    options.version = version;
    options.recordFields = recordFields;
    return options;
}

const FieldRange *findField(const FieldList &fields, const QString &name)
{
    for (const FieldRange &field : fields) {
        if (field.name == name)
            return &field;
    }
    return nullptr;
}

// True if [offset, offset + length) lies inside the field's range.
bool fieldCovers(const FieldRange &field, qsizetype offset, qsizetype length)
{
    return field.offset <= offset && offset + length <= field.offset + field.length;
}

QByteArray describe(const FieldRange &field)
{
    return field.name.toUtf8() + " @" + QByteArray::number(field.offset) + "+" +
           QByteArray::number(field.length);
}

} // namespace

class TestCodecVectors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encode_data();
    void encode();
    void decode_data();
    void decode();
    void fieldTree_data();
    void fieldTree();
    void keepAliveField_data();
    void keepAliveField();
    void publishFields_data();
    void publishFields();
    void propertyAndReasonFields();
    void decodeFieldsOfMalformedPacket();
    void summaryStartsWithTypeName_data();
    void summaryStartsWithTypeName();
    void summaryNeverContainsPassword_data();
    void summaryNeverContainsPassword();
    void remainingLengthBoundaries_data();
    void remainingLengthBoundaries();
    void encodeIgnoresV5FieldsBefore5();
    void encodeErrors();
    void longestTopicEncodes();
};

void TestCodecVectors::encode_data()
{
    QTest::addColumn<int>("index");
    const QList<Vector> &all = CodecVectors::allVectors();
    for (int i = 0; i < all.size(); ++i) {
        if (all.at(i).direction == Direction::Both)
            QTest::newRow(all.at(i).name.constData()) << i;
    }
}

void TestCodecVectors::encode()
{
    QFETCH(int, index);
    const Vector &vector = vectorAt(index);
    QString error;
    const QByteArray encoded = encodePacket(vector.packet, vector.version, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(encoded.toHex(' '), vector.bytes.toHex(' '));
}

void TestCodecVectors::decode_data()
{
    QTest::addColumn<int>("index");
    const QList<Vector> &all = CodecVectors::allVectors();
    for (int i = 0; i < all.size(); ++i)
        QTest::newRow(all.at(i).name.constData()) << i;
}

void TestCodecVectors::decode()
{
    QFETCH(int, index);
    const Vector &vector = vectorAt(index);
    const DecodeResult result = decodePacket(vector.bytes, optionsFor(vector.version));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.error.code, DecodeErrorCode::None);
    QCOMPARE(result.decoded.packet, vector.packet);
    QCOMPARE(result.decoded.raw, vector.bytes);
    QCOMPARE(int(result.decoded.type()), int(quint8(vector.bytes.at(0)) >> 4));
    QVERIFY(result.decoded.fields.isEmpty()); // recordFields is off by default
}

void TestCodecVectors::fieldTree_data()
{
    decode_data();
}

// With recordFields every field lies inside the raw bytes, children inside their parent,
// every byte belongs to some field, and decodeFields() computes the same tree later.
void TestCodecVectors::fieldTree()
{
    QFETCH(int, index);
    const Vector &vector = vectorAt(index);
    const DecodeResult result = decodePacket(vector.bytes, optionsFor(vector.version, true));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.decoded.packet, vector.packet);
    QCOMPARE(result.decoded.raw, vector.bytes);
    const FieldList &fields = result.decoded.fields;
    QVERIFY(!fields.isEmpty());
    const qsizetype size = vector.bytes.size();
    QList<bool> covered(size, false);
    for (int i = 0; i < fields.size(); ++i) {
        const FieldRange &field = fields.at(i);
        QVERIFY2(!field.name.isEmpty(), describe(field).constData());
        QVERIFY2(field.offset >= 0 && field.length >= 0 && field.offset + field.length <= size,
                 describe(field).constData());
        QVERIFY2(field.parent >= -1 && field.parent < fields.size() && field.parent != i,
                 describe(field).constData());
        if (field.parent >= 0) {
            const FieldRange &parent = fields.at(field.parent);
            const QByteArray message = describe(field) + " outside " + describe(parent);
            QVERIFY2(fieldCovers(parent, field.offset, field.length), message.constData());
        }
        for (qsizetype b = field.offset; b < field.offset + field.length; ++b)
            covered[b] = true;
    }
    for (qsizetype b = 0; b < size; ++b)
        QVERIFY2(covered.at(b), QByteArray::number(b).prepend("no field covers byte ").constData());
    QCOMPARE(decodeFields(vector.bytes, vector.version), fields);
}

void TestCodecVectors::keepAliveField_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<qsizetype>("offset");
    // Fixed header 2 bytes | protocol name (2 + 6 "MQIsdp" or 2 + 4 "MQTT") | level | flags.
    QTest::newRow("3.1") << int(ProtocolVersion::V3_1) << qsizetype(12);
    QTest::newRow("3.1.1") << int(ProtocolVersion::V3_1_1) << qsizetype(10);
    QTest::newRow("5.0") << int(ProtocolVersion::V5) << qsizetype(10);
}

void TestCodecVectors::keepAliveField()
{
    QFETCH(int, version);
    QFETCH(qsizetype, offset);
    const auto v = ProtocolVersion(version);
    const Vector vector = CodecVectors::vectorsOf(v).at(0); // "CONNECT minimal", keep alive 60
    QVERIFY(vector.name.endsWith("CONNECT minimal"));
    const DecodeResult result = decodePacket(vector.bytes, optionsFor(v, true));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    const FieldRange *keepAlive = findField(result.decoded.fields, QStringLiteral("Keep Alive"));
    QVERIFY(keepAlive);
    QCOMPARE(keepAlive->offset, offset);
    QCOMPARE(keepAlive->length, qsizetype(2));
    QVERIFY2(keepAlive->value.contains(QStringLiteral("60")), qPrintable(keepAlive->value));
}

void TestCodecVectors::publishFields_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("version");
    // 30 07 | 00 03 "a/b" (topic text at 4..6) | "hi" at 7..8
    QTest::newRow("3.1.1 qos0") << hexBytes("30 07 00 03 61 2F 62 68 69")
                                << int(ProtocolVersion::V3_1_1);
    // 5.0: topic text at 4..6 | id | property length 0 | "hi" at 10..11
    QTest::newRow("5.0 qos1") << hexBytes("33 0A 00 03 61 2F 62 00 0A 00 68 69")
                              << int(ProtocolVersion::V5);
}

void TestCodecVectors::publishFields()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, version);
    const DecodeResult result = decodePacket(bytes, optionsFor(ProtocolVersion(version), true));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    const FieldRange *topic = findField(result.decoded.fields, QStringLiteral("Topic Name"));
    QVERIFY(topic);
    // The topic's text bytes, with or without their 2-byte length prefix.
    QVERIFY2(fieldCovers(*topic, 4, 3) && topic->offset >= 2 && topic->offset + topic->length <= 7,
             describe(*topic).constData());
    const FieldRange *payload = findField(result.decoded.fields, QStringLiteral("Payload"));
    QVERIFY(payload);
    QCOMPARE(payload->offset, bytes.size() - 2);
    QCOMPARE(payload->length, qsizetype(2));
}

void TestCodecVectors::propertyAndReasonFields()
{
    // 5.0 CONNECT: property length at 12, Session Expiry Interval id at 13, value at 14..17.
    const Vector connect = CodecVectors::vectorsOf(ProtocolVersion::V5).at(1);
    QVERIFY(connect.name.endsWith("CONNECT properties will user password"));
    DecodeResult result = decodePacket(connect.bytes, optionsFor(ProtocolVersion::V5, true));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    const FieldRange *expiry =
        findField(result.decoded.fields, QStringLiteral("Session Expiry Interval"));
    QVERIFY(expiry);
    QVERIFY2(fieldCovers(*expiry, 14, 4) && expiry->offset >= 13 && expiry->length <= 5,
             describe(*expiry).constData());
    QVERIFY2(expiry->value.contains(QStringLiteral("3600")), qPrintable(expiry->value));

    // 5.0 CONNACK: Server Keep Alive id at 5, value 120 at 6..7.
    const QByteArray connack = hexBytes("20 06 00 00 03 13 00 78");
    result = decodePacket(connack, optionsFor(ProtocolVersion::V5, true));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    const FieldRange *serverKeepAlive =
        findField(result.decoded.fields, QStringLiteral("Server Keep Alive"));
    QVERIFY(serverKeepAlive);
    QVERIFY2(fieldCovers(*serverKeepAlive, 6, 2) && serverKeepAlive->offset >= 5 &&
                 serverKeepAlive->offset + serverKeepAlive->length <= 8,
             describe(*serverKeepAlive).constData());
    QVERIFY2(serverKeepAlive->value.contains(QStringLiteral("120")),
             qPrintable(serverKeepAlive->value));

    // DISCONNECT E0 01 8E: the reason code byte at offset 2 is shown with its name.
    result = decodePacket(hexBytes("E0 01 8E"), optionsFor(ProtocolVersion::V5, true));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    bool found = false;
    for (const FieldRange &field : result.decoded.fields) {
        if (field.offset == 2 && field.length == 1 &&
            field.value.contains(QStringLiteral("Session taken over"))) {
            found = true;
        }
    }
    QVERIFY(found);
}

void TestCodecVectors::decodeFieldsOfMalformedPacket()
{
    // 3.1.1 CONNECT with protocol level 6: the fields before the level are still returned.
    const QByteArray bytes = hexBytes("10 0E 00 04 4D 51 54 54 06 02 00 3C 00 02 70 73");
    const DecodeResult result = decodePacket(bytes, optionsFor(ProtocolVersion::V3_1_1, true));
    QCOMPARE(result.error.code, DecodeErrorCode::UnsupportedProtocolLevel);
    const FieldList fields = decodeFields(bytes, ProtocolVersion::V3_1_1);
    QVERIFY(!fields.isEmpty());
    bool protocolNameSeen = false;
    for (const FieldRange &field : fields) {
        QVERIFY(field.offset >= 0 && field.offset + field.length <= bytes.size());
        if (field.offset <= 4 && field.offset + field.length >= 8 && field.length <= 6)
            protocolNameSeen = true; // covers "MQTT" (4..7), at most with its length prefix
    }
    QVERIFY(protocolNameSeen);
}

void TestCodecVectors::summaryStartsWithTypeName_data()
{
    encode_data();
}

void TestCodecVectors::summaryStartsWithTypeName()
{
    QFETCH(int, index);
    const Vector &vector = vectorAt(index);
    const QString summary = packetSummary(vector.packet, vector.version);
    const QString typeName = packetTypeName(packetType(vector.packet));
    QVERIFY(!typeName.isEmpty());
    QVERIFY2(summary.startsWith(typeName), qPrintable(summary));
}

void TestCodecVectors::summaryNeverContainsPassword_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("3.1") << int(ProtocolVersion::V3_1);
    QTest::newRow("3.1.1") << int(ProtocolVersion::V3_1_1);
    QTest::newRow("5.0") << int(ProtocolVersion::V5);
}

void TestCodecVectors::summaryNeverContainsPassword()
{
    QFETCH(int, version);
    const auto v = ProtocolVersion(version);
    ConnectPacket packet = CodecVectors::Make::connect(v, true, 60, QStringLiteral("client-1"));
    packet.userName = QStringLiteral("alice");
    packet.password = QByteArrayLiteral("s3cr3t-pw");
    const QString secret = QStringLiteral("s3cr3t-pw");
    QString summary = packetSummary(packet, v);
    QVERIFY(!summary.isEmpty());
    QVERIFY2(!summary.contains(secret, Qt::CaseInsensitive), qPrintable(summary));
    QVERIFY2(!summary.contains(QStringLiteral("73 33 63 72 33 74"), Qt::CaseInsensitive) &&
                 !summary.contains(QStringLiteral("733363723374"), Qt::CaseInsensitive),
             qPrintable(summary)); // nor as hex

    // The same after a round trip through the wire format.
    const QByteArray bytes = encodePacket(packet, v);
    QVERIFY(!bytes.isEmpty());
    const DecodeResult result = decodePacket(bytes, optionsFor(v));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.decoded.packet, Packet(packet));
    summary = packetSummary(result.decoded.packet, v);
    QVERIFY2(!summary.contains(secret, Qt::CaseInsensitive), qPrintable(summary));
}

void TestCodecVectors::remainingLengthBoundaries_data()
{
    // The boundaries of OASIS 3.1.1 Table 2.4 / 5.0 section 1.5.5.
    QTest::addColumn<int>("remainingLength");
    QTest::addColumn<QByteArray>("encodedLength");
    QTest::newRow("3") << 3 << hexBytes("03");
    QTest::newRow("127") << 127 << hexBytes("7F");
    QTest::newRow("128") << 128 << hexBytes("80 01");
    QTest::newRow("16383") << 16383 << hexBytes("FF 7F");
    QTest::newRow("16384") << 16384 << hexBytes("80 80 01");
    QTest::newRow("2097151") << 2097151 << hexBytes("FF FF 7F");
    QTest::newRow("2097152") << 2097152 << hexBytes("80 80 80 01");
}

void TestCodecVectors::remainingLengthBoundaries()
{
    QFETCH(int, remainingLength);
    QFETCH(QByteArray, encodedLength);
    // 3.1.1 PUBLISH QoS 0 to "t": the topic takes 3 bytes, the payload the rest.
    const PublishPacket packet = CodecVectors::Make::publish(
        0, false, false, QStringLiteral("t"), 0, QByteArray(remainingLength - 3, 'p'));
    const QByteArray expected =
        QByteArray(1, char(0x30)) + encodedLength + hexBytes("00 01 74") + packet.payload;
    const QByteArray encoded = encodePacket(packet, ProtocolVersion::V3_1_1);
    QCOMPARE(encoded.size(), expected.size());
    QCOMPARE(encoded.left(8).toHex(' '), expected.left(8).toHex(' '));
    QVERIFY(encoded == expected);
    const DecodeResult result = decodePacket(expected, optionsFor(ProtocolVersion::V3_1_1));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QVERIFY(result.decoded.packet == Packet(packet));
}

void TestCodecVectors::encodeIgnoresV5FieldsBefore5()
{
    // Properties and reason codes exist only in 5.0: a 3.1.1 PUBACK is always 40 02 <id>.
    Properties properties;
    properties.setString(PropertyId::ReasonString, QStringLiteral("no"));
    QCOMPARE(encodePacket(CodecVectors::Make::ack(PacketType::Puback, 10, 0x10, properties),
                          ProtocolVersion::V3_1_1)
                 .toHex(' '),
             hexBytes("40 02 00 0A").toHex(' '));
    Properties publishProperties;
    publishProperties.setInteger(PropertyId::MessageExpiryInterval, 60);
    QCOMPARE(encodePacket(CodecVectors::Make::publish(0, false, false, QStringLiteral("a/b"), 0,
                                                      QByteArrayLiteral("hi"), publishProperties),
                          ProtocolVersion::V3_1)
                 .toHex(' '),
             hexBytes("30 07 00 03 61 2F 62 68 69").toHex(' '));
    DisconnectPacket disconnect;
    disconnect.reasonCode = 0x8E;
    QCOMPARE(encodePacket(disconnect, ProtocolVersion::V3_1_1).toHex(' '),
             hexBytes("E0 00").toHex(' '));
}

void TestCodecVectors::encodeErrors()
{
    QString error;
    // AUTH does not exist before 5.0 (type 15 is reserved in 3.1.1).
    QVERIFY(encodePacket(AuthPacket{}, ProtocolVersion::V3_1_1, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(encodePacket(AuthPacket{}, ProtocolVersion::V3_1, &error).isEmpty());
    QVERIFY(!error.isEmpty());

    // A topic of 65,536 bytes does not fit a UTF-8 string's 2-byte length (1.5.3).
    error.clear();
    PublishPacket publish = CodecVectors::Make::publish(0, false, false, QString(65536, u'a'), 0,
                                                        QByteArrayLiteral("x"));
    QVERIFY(encodePacket(publish, ProtocolVersion::V3_1_1, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    // The limit counts UTF-8 bytes, not characters: 32,768 x U+00E9 is 65,536 bytes.
    error.clear();
    publish.topic = QString(32768, QChar(0xE9));
    QVERIFY(encodePacket(publish, ProtocolVersion::V5, &error).isEmpty());
    QVERIFY(!error.isEmpty());

    // QoS 3 cannot be represented.
    error.clear();
    publish.topic = QStringLiteral("a");
    publish.qos = 3;
    publish.packetId = 1;
    QVERIFY(encodePacket(publish, ProtocolVersion::V3_1_1, &error).isEmpty());
    QVERIFY(!error.isEmpty());

    // The same limits in other places: a property string, a client identifier.
    error.clear();
    publish.qos = 0;
    publish.packetId = 0;
    publish.properties.setString(PropertyId::ContentType, QString(65536, u'c'));
    QVERIFY(encodePacket(publish, ProtocolVersion::V5, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    ConnectPacket connect =
        CodecVectors::Make::connect(ProtocolVersion::V3_1_1, true, 60, QString(65536, u'c'));
    QVERIFY(encodePacket(connect, ProtocolVersion::V3_1_1, &error).isEmpty());
    QVERIFY(!error.isEmpty());

    // Will QoS 3 and subscription QoS 3 do not fit their 2-bit fields either.
    error.clear();
    connect.clientId = QStringLiteral("ps");
    connect.will = CodecVectors::Make::will(QStringLiteral("w"), {}, 3, false);
    QVERIFY(encodePacket(connect, ProtocolVersion::V3_1_1, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    SubscribePacket subscribe;
    subscribe.packetId = 1;
    subscribe.subscriptions = {CodecVectors::Make::subscription(QStringLiteral("a"), 3)};
    QVERIFY(encodePacket(subscribe, ProtocolVersion::V5, &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestCodecVectors::longestTopicEncodes()
{
    // 65,535 bytes is the longest string: it encodes, with the length prefix FF FF.
    const PublishPacket publish =
        CodecVectors::Make::publish(0, false, false, QString(65535, u'a'), 0, {});
    QString error;
    const QByteArray encoded = encodePacket(publish, ProtocolVersion::V3_1_1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // 30 | remaining length 65,537 = 81 80 04 | FF FF | 65,535 x 'a'
    QCOMPARE(encoded.size(), qsizetype(1 + 3 + 2 + 65535));
    QCOMPARE(encoded.left(6).toHex(' '), hexBytes("30 81 80 04 FF FF").toHex(' '));
    const DecodeResult result = decodePacket(encoded, optionsFor(ProtocolVersion::V3_1_1));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QVERIFY(result.decoded.packet == Packet(publish));
}

QTEST_APPLESS_MAIN(TestCodecVectors)

#include "tst_codecvectors.moc"
