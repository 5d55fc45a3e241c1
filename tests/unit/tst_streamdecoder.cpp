// StreamDecoder: the shared vectors fed in every possible split, byte by byte and back to
// back; large batches; the maximum packet size; and the sticky error state.

#include "codecvectors.h"
#include "hexbytes.h"
#include "packetprinting.h"
#include "protocol/streamdecoder.h"

#include <QTest>

using namespace PingScope::Protocol;
using CodecVectors::Vector;

namespace {

DecodeOptions optionsFor(ProtocolVersion version,
                         quint32 maximumPacketSize = MaximumPossiblePacketSize)
{
    DecodeOptions options;
    options.version = version;
    options.maximumPacketSize = maximumPacketSize;
    return options;
}

QList<DecodedPacket> drain(StreamDecoder &decoder)
{
    QList<DecodedPacket> packets;
    while (std::optional<DecodedPacket> packet = decoder.next())
        packets.append(*packet);
    return packets;
}

void addVectorRows()
{
    QTest::addColumn<int>("index");
    const QList<Vector> &all = CodecVectors::allVectors();
    for (int i = 0; i < all.size(); ++i)
        QTest::newRow(all.at(i).name.constData()) << i;
}

// 3.1.1: 32 09 | 00 01 74 | id | 4-byte payload (the id again, big-endian).
// 5.0 adds a property length of 0 after the id.
QByteArray numberedPublish(ProtocolVersion version, quint16 id)
{
    QByteArray bytes = hexBytes("32 09 00 01 74");
    if (version == ProtocolVersion::V5)
        bytes[1] = char(0x0A);
    bytes.append(char(id >> 8)).append(char(id & 0xFF));
    if (version == ProtocolVersion::V5)
        bytes.append(char(0));
    bytes.append(char(0)).append(char(0)).append(char(id >> 8)).append(char(id & 0xFF));
    return bytes;
}

} // namespace

class TestStreamDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitAtEveryBoundary_data() { addVectorRows(); }
    void splitAtEveryBoundary();
    void byteByByte_data() { addVectorRows(); }
    void byteByByte();
    void concatenatedComeOutInOrder_data();
    void concatenatedComeOutInOrder();
    void tenThousandPacketsInOneChunk_data();
    void tenThousandPacketsInOneChunk();
    void partialPacketYieldsNothing();
    void emptyFeedIsHarmless();
    void tooLargeRejectedAtFixedHeader();
    void tooLargeHeaderSplitAcrossChunks();
    void packetOfExactlyMaximumSizeAccepted();
    void maximumPacketSizeBoundary();
    void malformedRemainingLengthRejectedEarly();
    void errorIsSticky();
    void resetClearsError();
    void errorOffsetCountsWholeStream();
    void errorOffsetWithinOneChunk();
    void setOptionsAppliesToNextPacket();
};

void TestStreamDecoder::splitAtEveryBoundary()
{
    QFETCH(int, index);
    const Vector &vector = CodecVectors::allVectors().at(index);
    const QByteArray &bytes = vector.bytes;
    const qsizetype n = bytes.size();
    for (qsizetype k = 0; k <= n; ++k) {
        const QByteArray at = "split at " + QByteArray::number(k);
        StreamDecoder decoder(optionsFor(vector.version));
        decoder.feed(QByteArrayView(bytes).first(k));
        if (k < n) {
            QVERIFY2(!decoder.next(), at.constData());
            QVERIFY2(!decoder.hasError(), qPrintable(decoder.error().message));
            QCOMPARE(decoder.bufferedBytes(), k);
        }
        decoder.feed(QByteArrayView(bytes).sliced(k));
        const std::optional<DecodedPacket> packet = decoder.next();
        QVERIFY2(packet, QByteArray(at + ": " + decoder.error().message.toUtf8()).constData());
        QCOMPARE(packet->packet, vector.packet);
        QCOMPARE(packet->raw, bytes);
        QVERIFY2(!decoder.next(), at.constData());
        QVERIFY(!decoder.hasError());
        QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
        QCOMPARE(decoder.consumedBytes(), qint64(n));
    }
}

void TestStreamDecoder::byteByByte()
{
    QFETCH(int, index);
    const Vector &vector = CodecVectors::allVectors().at(index);
    StreamDecoder decoder(optionsFor(vector.version));
    std::optional<DecodedPacket> packet;
    for (qsizetype i = 0; i < vector.bytes.size(); ++i) {
        QVERIFY2(!packet, QByteArray::number(i).prepend("packet before byte ").constData());
        decoder.feed(QByteArrayView(vector.bytes).sliced(i, 1));
        packet = decoder.next();
        QVERIFY2(!decoder.hasError(), qPrintable(decoder.error().message));
    }
    QVERIFY(packet);
    QCOMPARE(packet->packet, vector.packet);
    QCOMPARE(packet->raw, vector.bytes);
    QVERIFY(!decoder.next());
    QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
}

void TestStreamDecoder::concatenatedComeOutInOrder_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<int>("chunkSize"); // 0: everything in one chunk
    for (const ProtocolVersion version :
         {ProtocolVersion::V3_1, ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
        const QByteArray label = CodecVectors::versionLabel(version);
        QTest::newRow(QByteArray(label + " one chunk").constData()) << int(version) << 0;
        QTest::newRow(QByteArray(label + " 7-byte chunks").constData()) << int(version) << 7;
    }
}

void TestStreamDecoder::concatenatedComeOutInOrder()
{
    QFETCH(int, version);
    QFETCH(int, chunkSize);
    const QList<Vector> vectors = CodecVectors::vectorsOf(ProtocolVersion(version));
    QVERIFY(vectors.size() > 10);
    QByteArray stream;
    for (const Vector &vector : vectors)
        stream += vector.bytes;

    StreamDecoder decoder(optionsFor(ProtocolVersion(version)));
    QList<DecodedPacket> packets;
    if (chunkSize == 0) {
        decoder.feed(stream);
        packets = drain(decoder);
    } else {
        for (qsizetype offset = 0; offset < stream.size(); offset += chunkSize) {
            decoder.feed(QByteArrayView(stream).sliced(offset).first(
                qMin<qsizetype>(chunkSize, stream.size() - offset)));
            packets += drain(decoder);
        }
    }
    QVERIFY2(!decoder.hasError(), qPrintable(decoder.error().message));
    QCOMPARE(packets.size(), vectors.size());
    for (int i = 0; i < vectors.size(); ++i) {
        QVERIFY2(packets.at(i).packet == vectors.at(i).packet, vectors.at(i).name.constData());
        QCOMPARE(packets.at(i).raw, vectors.at(i).bytes);
    }
    QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
    QCOMPARE(decoder.consumedBytes(), qint64(stream.size()));
}

void TestStreamDecoder::tenThousandPacketsInOneChunk_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("3.1.1") << int(ProtocolVersion::V3_1_1);
    QTest::newRow("5.0") << int(ProtocolVersion::V5);
}

void TestStreamDecoder::tenThousandPacketsInOneChunk()
{
    QFETCH(int, version);
    const auto v = ProtocolVersion(version);
    constexpr int count = 10000;
    QByteArray stream;
    for (int id = 1; id <= count; ++id)
        stream += numberedPublish(v, quint16(id));

    StreamDecoder decoder(optionsFor(v));
    decoder.feed(stream);
    const QList<DecodedPacket> packets = drain(decoder);
    QVERIFY2(!decoder.hasError(), qPrintable(decoder.error().message));
    QCOMPARE(packets.size(), count);
    for (int i = 0; i < count; ++i) {
        const quint16 id = quint16(i + 1);
        QVERIFY(packetIs<PublishPacket>(packets.at(i).packet));
        const auto &publish = std::get<PublishPacket>(packets.at(i).packet);
        QCOMPARE(publish.packetId, id);
        QCOMPARE(publish.qos, quint8(1));
        QCOMPARE(publish.topic, QStringLiteral("t"));
        QCOMPARE(publish.payload, numberedPublish(v, id).right(4));
        QCOMPARE(packets.at(i).raw, numberedPublish(v, id));
    }
    QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
    QCOMPARE(decoder.consumedBytes(), qint64(stream.size()));
    QVERIFY(!decoder.next());
}

void TestStreamDecoder::partialPacketYieldsNothing()
{
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1));
    decoder.feed(hexBytes("30 07 00 03 61")); // PUBLISH "a/b" "hi", first 5 of 9 bytes
    QVERIFY(!decoder.next());
    QVERIFY(!decoder.next());
    QVERIFY(!decoder.hasError());
    QCOMPARE(decoder.bufferedBytes(), qsizetype(5));
    QCOMPARE(decoder.consumedBytes(), qint64(0));
    decoder.feed(hexBytes("2F 62 68 69 | C0")); // the rest, and the first byte of a PINGREQ
    const std::optional<DecodedPacket> packet = decoder.next();
    QVERIFY(packet);
    QCOMPARE(packet->packet,
             Packet(CodecVectors::Make::publish(0, false, false, QStringLiteral("a/b"), 0,
                                                QByteArrayLiteral("hi"))));
    QVERIFY(!decoder.next());
    QCOMPARE(decoder.bufferedBytes(), qsizetype(1));
    QCOMPARE(decoder.consumedBytes(), qint64(9));
    decoder.feed(hexBytes("00"));
    const std::optional<DecodedPacket> ping = decoder.next();
    QVERIFY(ping);
    QVERIFY(packetIs<PingreqPacket>(ping->packet));
    QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
}

void TestStreamDecoder::emptyFeedIsHarmless()
{
    StreamDecoder decoder(optionsFor(ProtocolVersion::V5));
    decoder.feed(QByteArrayView());
    QVERIFY(!decoder.next());
    QVERIFY(!decoder.hasError());
    QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
    decoder.feed(hexBytes("D0 00"));
    decoder.feed(QByteArrayView());
    const std::optional<DecodedPacket> packet = decoder.next();
    QVERIFY(packet);
    QVERIFY(packetIs<PingrespPacket>(packet->packet));
}

void TestStreamDecoder::tooLargeRejectedAtFixedHeader()
{
    // PUBLISH declaring remaining length 268,435,455 (FF FF FF 7F) with a 1 MiB maximum:
    // rejected from the 5-byte fixed header alone, without waiting for 256 MiB of body.
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1, 1024 * 1024));
    decoder.feed(hexBytes("30 FF FF FF 7F"));
    QVERIFY(!decoder.next());
    QVERIFY(decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::PacketTooLarge);
    QVERIFY(!decoder.error().message.isEmpty());
    QVERIFY(decoder.error().offset >= 0 && decoder.error().offset < 5);

    // Just over: remaining length 1 MiB (80 80 40) makes 1 MiB + 4 bytes in all.
    StreamDecoder justOver(optionsFor(ProtocolVersion::V3_1_1, 1024 * 1024));
    justOver.feed(hexBytes("30 80 80 40"));
    QVERIFY(!justOver.next());
    QVERIFY(justOver.hasError());
    QCOMPARE(justOver.error().code, DecodeErrorCode::PacketTooLarge);
}

void TestStreamDecoder::tooLargeHeaderSplitAcrossChunks()
{
    StreamDecoder decoder(optionsFor(ProtocolVersion::V5, 1024 * 1024));
    decoder.feed(hexBytes("C0 00 30"));
    const std::optional<DecodedPacket> ping = decoder.next();
    QVERIFY(ping);
    QVERIFY(packetIs<PingreqPacket>(ping->packet));
    decoder.feed(hexBytes("FF"));
    decoder.feed(hexBytes("FF FF"));
    QVERIFY(!decoder.next());
    decoder.feed(hexBytes("7F"));
    QVERIFY(!decoder.next());
    QVERIFY(decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::PacketTooLarge);
    // The offending packet starts at stream offset 2, its length ends at 6.
    QVERIFY2(decoder.error().offset >= 2 && decoder.error().offset <= 6,
             QByteArray::number(decoder.error().offset).constData());
}

void TestStreamDecoder::packetOfExactlyMaximumSizeAccepted()
{
    // Remaining length 1,048,572 (FC FF 3F): with the 4-byte fixed header exactly 1 MiB.
    constexpr quint32 maximum = 1024 * 1024;
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1, maximum));
    decoder.feed(hexBytes("30 FC FF 3F"));
    QVERIFY(!decoder.next());
    QVERIFY2(!decoder.hasError(), qPrintable(decoder.error().message));
    const QByteArray payload(1048572 - 3, 'z');
    decoder.feed(hexBytes("00 01 74"));
    decoder.feed(payload);
    const std::optional<DecodedPacket> packet = decoder.next();
    QVERIFY2(packet, qPrintable(decoder.error().message));
    QCOMPARE(packet->raw.size(), qsizetype(maximum));
    QVERIFY(packetIs<PublishPacket>(packet->packet));
    QVERIFY(std::get<PublishPacket>(packet->packet).payload == payload);
    QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
}

void TestStreamDecoder::maximumPacketSizeBoundary()
{
    // The 9-byte PUBLISH 30 07 ...: accepted with a maximum of 9, rejected with 8.
    const QByteArray bytes = hexBytes("30 07 00 03 61 2F 62 68 69");
    StreamDecoder fits(optionsFor(ProtocolVersion::V3_1_1, 9));
    fits.feed(bytes);
    QVERIFY2(fits.next(), qPrintable(fits.error().message));

    StreamDecoder tooBig(optionsFor(ProtocolVersion::V3_1_1, 8));
    tooBig.feed(bytes.left(2)); // the fixed header is enough to know
    QVERIFY(!tooBig.next());
    QVERIFY(tooBig.hasError());
    QCOMPARE(tooBig.error().code, DecodeErrorCode::PacketTooLarge);
}

void TestStreamDecoder::malformedRemainingLengthRejectedEarly()
{
    // Four length bytes that all continue: no valid packet can follow.
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1));
    decoder.feed(hexBytes("30 FF FF FF FF"));
    QVERIFY(!decoder.next());
    QVERIFY(decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::MalformedRemainingLength);
    QVERIFY(!decoder.error().message.isEmpty());
}

void TestStreamDecoder::errorIsSticky()
{
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1));
    decoder.feed(hexBytes("C1 00")); // PINGREQ with flags 0001 [MQTT-2.2.2-2]
    QVERIFY(!decoder.next());
    QVERIFY(decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::InvalidFixedHeaderFlags);
    const qsizetype buffered = decoder.bufferedBytes();
    const qint64 consumed = decoder.consumedBytes();

    decoder.feed(hexBytes("C0 00 D0 00")); // valid packets after the error are ignored
    QVERIFY(!decoder.next());
    QVERIFY(!decoder.next());
    QVERIFY(decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::InvalidFixedHeaderFlags);
    QCOMPARE(decoder.bufferedBytes(), buffered);
    QCOMPARE(decoder.consumedBytes(), consumed);
}

void TestStreamDecoder::resetClearsError()
{
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1));
    decoder.feed(hexBytes("C0 00 | 40 02 00 00")); // PINGREQ, then PUBACK with id 0
    drain(decoder);
    QVERIFY(decoder.hasError());
    decoder.reset();
    QVERIFY(!decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::None);
    QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
    QCOMPARE(decoder.consumedBytes(), qint64(0));
    decoder.feed(hexBytes("40 02 00 0A"));
    const std::optional<DecodedPacket> packet = decoder.next();
    QVERIFY2(packet, qPrintable(decoder.error().message));
    QCOMPARE(packet->packet, Packet(CodecVectors::Make::ack(PacketType::Puback, 10)));
    QCOMPARE(decoder.consumedBytes(), qint64(4));
}

void TestStreamDecoder::errorOffsetCountsWholeStream()
{
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1));
    decoder.feed(hexBytes("C0 00 D0"));
    decoder.feed(hexBytes("00"));
    QCOMPARE(drain(decoder).size(), 2);
    const QByteArray bad = hexBytes("40 02 00 00"); // PUBACK with packet identifier 0
    decoder.feed(bad);
    QVERIFY(!decoder.next());
    QVERIFY(decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::ZeroPacketIdentifier);
    QVERIFY(!decoder.error().message.isEmpty());
    // The same offset as decodePacket reports, moved by the 4 bytes before the packet.
    DecodeOptions options = optionsFor(ProtocolVersion::V3_1_1);
    const DecodeResult single = decodePacket(bad, options);
    QCOMPARE(single.error.code, DecodeErrorCode::ZeroPacketIdentifier);
    QCOMPARE(decoder.error().offset, 4 + single.error.offset);
    QVERIFY(decoder.error().offset >= 4 && decoder.error().offset < 8);
}

void TestStreamDecoder::errorOffsetWithinOneChunk()
{
    // Two good PINGREQs and a PINGREQ with bad flags in a single chunk: the error points
    // at the third packet's first byte, stream offset 4.
    StreamDecoder decoder(optionsFor(ProtocolVersion::V5));
    decoder.feed(hexBytes("C0 00 C0 00 C1 00"));
    const QList<DecodedPacket> packets = drain(decoder);
    QVERIFY(packets.size() <= 2);
    QVERIFY(decoder.hasError());
    QCOMPARE(decoder.error().code, DecodeErrorCode::InvalidFixedHeaderFlags);
    QCOMPARE(decoder.error().offset, qsizetype(4));
}

void TestStreamDecoder::setOptionsAppliesToNextPacket()
{
    // A 3.1.1 decoder reads a CONNACK; switched to 5.0 it reads a PUBACK with a reason code
    // (40 03 ...), which 3.1.1 would reject for its trailing byte.
    StreamDecoder decoder(optionsFor(ProtocolVersion::V3_1_1));
    decoder.feed(hexBytes("20 02 00 00"));
    QVERIFY(decoder.next());
    decoder.setOptions(optionsFor(ProtocolVersion::V5));
    QVERIFY(decoder.options().version == ProtocolVersion::V5);
    decoder.feed(hexBytes("40 03 00 0A 10"));
    const std::optional<DecodedPacket> packet = decoder.next();
    QVERIFY2(packet, qPrintable(decoder.error().message));
    QCOMPARE(packet->packet, Packet(CodecVectors::Make::ack(PacketType::Puback, 10, 0x10)));
}

QTEST_APPLESS_MAIN(TestStreamDecoder)

#include "tst_streamdecoder.moc"
