// What the decoder shares to stay fast must never show: a PUBLISH payload is a view of the
// packet's raw copy and must outlive it and detach on write; the topic cache hands out
// one QString for a repeated topic and must never hand out the wrong one.

#include "packetprinting.h"
#include "protocol/codec.h"
#include "protocol/streamdecoder.h"
#include "protocol/topiccache.h"

#include <QRandomGenerator>
#include <QTest>

using namespace PingScope::Protocol;

namespace {

QByteArray publishBytes(const QString &topic, const QByteArray &payload, ProtocolVersion version)
{
    PublishPacket publish;
    publish.topic = topic;
    publish.payload = payload;
    return encodePacket(publish, version);
}

DecodedPacket decodeOne(const QByteArray &bytes, ProtocolVersion version)
{
    DecodeOptions options;
    options.version = version;
    StreamDecoder decoder(options);
    decoder.feed(bytes);
    std::optional<DecodedPacket> packet = decoder.next();
    if (!packet)
        qFatal("test vector did not decode: %s", qPrintable(decoder.error().message));
    return *packet;
}

} // namespace

class TestDecoderSharing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void payloadIsAViewOfTheRawCopy()
    {
        const DecodedPacket decoded = decodeOne(
            publishBytes(QStringLiteral("a/b"), "hello", ProtocolVersion::V5), ProtocolVersion::V5);
        const QByteArray &payload = std::get<PublishPacket>(decoded.packet).payload;
        QCOMPARE(payload, QByteArray("hello"));
        // The payload ends where the raw copy ends, in the same buffer.
        QCOMPARE(payload.constData(), decoded.raw.constData() + decoded.raw.size() - 5);
        // ... so it is NUL-terminated like any QByteArray: C APIs can read it safely.
        QCOMPARE(payload.constData()[payload.size()], '\0');
    }

    void payloadOutlivesItsPacket()
    {
        QByteArray payload;
        {
            DecodedPacket decoded = decodeOne(
                publishBytes(QStringLiteral("t"), QByteArray(1000, 'p'), ProtocolVersion::V3_1_1),
                ProtocolVersion::V3_1_1);
            payload = std::get<PublishPacket>(decoded.packet).payload;
        } // raw copy and packet gone; the shared block must live on through `payload`
        QCOMPARE(payload, QByteArray(1000, 'p'));
        QCOMPARE(payload.constData()[payload.size()], '\0');
    }

    void writingThePayloadLeavesTheRawBytesAlone()
    {
        const QByteArray wire = publishBytes(QStringLiteral("t"), "abc", ProtocolVersion::V3_1_1);
        DecodedPacket decoded = decodeOne(wire, ProtocolVersion::V3_1_1);
        QByteArray &payload = std::get<PublishPacket>(decoded.packet).payload;
        payload[0] = 'X';
        payload.append("more");
        QCOMPARE(payload, QByteArray("Xbcmore"));
        QCOMPARE(decoded.raw, wire);
    }

    void emptyPayloadIsEmpty()
    {
        const DecodedPacket decoded =
            decodeOne(publishBytes(QStringLiteral("t"), QByteArray(), ProtocolVersion::V5),
                      ProtocolVersion::V5);
        QVERIFY(std::get<PublishPacket>(decoded.packet).payload.isEmpty());
    }

    void repeatedTopicIsOneSharedString()
    {
        DecodeOptions options;
        options.version = ProtocolVersion::V3_1_1;
        StreamDecoder decoder(options);
        const QByteArray one =
            publishBytes(QStringLiteral("plant/7/temperature"), "1", ProtocolVersion::V3_1_1);
        decoder.feed(QByteArray(one + one));
        const auto first = decoder.next();
        const auto second = decoder.next();
        QVERIFY(first && second);
        const QString &a = std::get<PublishPacket>(first->packet).topic;
        const QString &b = std::get<PublishPacket>(second->packet).topic;
        QCOMPARE(a, QStringLiteral("plant/7/temperature"));
        QCOMPARE(a.constData(), b.constData()); // the cache handed out the same string
    }

    // Thousands of topics that a cheap hash confuses: same length, same first and last
    // 8 bytes, differing in one middle character; plus non-ASCII topics and a BOM. Decoded
    // in a shuffled order, twice over, every topic must come back exactly.
    void cacheNeverReturnsAnotherTopic_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::newRow("3.1.1") << ProtocolVersion::V3_1_1;
        QTest::newRow("5.0") << ProtocolVersion::V5;
    }

    void cacheNeverReturnsAnotherTopic()
    {
        QFETCH(ProtocolVersion, version);
        QStringList topics;
        for (int i = 0; i < 3000; ++i)
            topics << QStringLiteral("building/floor-%1/room/temperature")
                          .arg(i, 4, 10, QLatin1Char('0'));
        for (int i = 0; i < 50; ++i)
            topics << QStringLiteral("température/%1/℃").arg(i);
        topics << QStringLiteral("\uFEFFbom") << QStringLiteral("bom") << QStringLiteral("a")
               << QStringLiteral("ab") << QStringLiteral("abcdefgh") << QStringLiteral("abcdefgi");
        QList<int> order;
        for (int round = 0; round < 2; ++round)
            for (int i = 0; i < topics.size(); ++i)
                order << i;
        QRandomGenerator random(2026);
        for (qsizetype i = order.size() - 1; i > 0; --i)
            order.swapItemsAt(i, random.bounded(int(i + 1)));

        QByteArray stream;
        for (int index : order)
            stream += publishBytes(topics.at(index), QByteArray::number(index), version);
        DecodeOptions options;
        options.version = version;
        StreamDecoder decoder(options);
        decoder.feed(stream);
        for (int index : order) {
            const auto packet = decoder.next();
            QVERIFY2(packet, qPrintable(decoder.error().message));
            const auto &publish = std::get<PublishPacket>(packet->packet);
            QCOMPARE(publish.topic, topics.at(index));
            QCOMPARE(publish.payload, QByteArray::number(index));
        }
        QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
    }

    void topicCacheLookups()
    {
        TopicCache cache;
        QVERIFY(cache.find("a/b").isNull());
        cache.insert("a/b", QStringLiteral("a/b"));
        QCOMPARE(cache.find("a/b"), QStringLiteral("a/b"));
        QVERIFY(cache.find("a/c").isNull());
        QVERIFY(cache.find("a/b/").isNull());
        // A later topic in the same slot replaces the earlier one; both are still found right.
        for (int i = 0; i < 1000; ++i) {
            const QByteArray key = "k" + QByteArray::number(i);
            cache.insert(key, QString::fromLatin1(key));
            QCOMPARE(cache.find(key), QString::fromLatin1(key));
        }
        const QString old = cache.find("a/b");
        QVERIFY(old.isNull() || old == QStringLiteral("a/b"));
    }
};

QTEST_APPLESS_MAIN(TestDecoderSharing)
#include "tst_decodersharing.moc"
