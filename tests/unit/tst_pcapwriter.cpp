// PcapWriter: a capture written into memory is read back by the tests' own pcap reader
// (tests/support/pcapreader.h, not the writer's code), which checks what Wireshark would: the
// global header, each record's lengths, the IPv4 header and TCP checksums, sequence and
// acknowledgement numbers that continue per direction, and the MQTT bytes reassembled exactly; in
// IPv4 and IPv6, over reconnects, and with a device whose writes fail.

#include "pcapreader.h"

#include "monitor/event.h"
#include "monitor/pcapwriter.h"
#include "protocol/codec.h"

#include <QBuffer>
#include <QDateTime>
#include <QTest>
#include <QtEndian>

using namespace PingScope;
using namespace PingScope::Protocol;
using namespace PcapReading;

namespace {

const QByteArray Password = QByteArrayLiteral("hunter2-secret");
constexpr qint64 Origin = 5'000'000'000; // monotonic ns at the wall-clock origin
const QDateTime OriginWall = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

Event packetEvent(const Packet &packet, Direction direction, qint64 timeNs,
                  ProtocolVersion version = ProtocolVersion::V5)
{
    Event event;
    event.direction = direction;
    event.packetType = packetType(packet);
    event.version = version;
    event.timeNs = timeNs;
    QString error;
    event.raw = encodePacket(packet, version, &error);
    if (event.packetType == PacketType::Connect)
        event.raw = maskSecrets(event.raw, version);
    Q_ASSERT_X(!event.raw.isEmpty(), "packetEvent", qPrintable(error));
    return event;
}

PublishPacket publishOf(int payloadSize, quint8 qos)
{
    PublishPacket publish;
    publish.topic = QStringLiteral("pingscope/capture/large");
    publish.qos = qos;
    publish.packetId = qos > 0 ? 7 : 0;
    publish.payload.resize(payloadSize);
    for (int i = 0; i < payloadSize; ++i)
        publish.payload[i] = char('a' + i % 26);
    return publish;
}

// A session's timeline: CONNECT (password masked), CONNACK, a liveness event, PINGREQ and
// PINGRESP, a 70,001-byte PUBLISH out and its PUBACK, a 150,000-byte PUBLISH in, DISCONNECT.
QList<Event> sessionEvents(qint64 start)
{
    ConnectPacket connect;
    connect.clientId = QStringLiteral("capture-test");
    connect.protocolVersion = ProtocolVersion::V5;
    connect.keepAlive = 1;
    connect.userName = QStringLiteral("alice");
    connect.password = Password;
    Event connected;
    connected.kind = EventKind::Connected;
    connected.timeNs = start + 300'000;
    return {
        packetEvent(connect, Direction::Sent, start + 200'000),
        connected,
        packetEvent(ConnackPacket{}, Direction::Received, start + 350'000),
        packetEvent(PingreqPacket{}, Direction::Sent, start + 1'000'000'000),
        packetEvent(PingrespPacket{}, Direction::Received, start + 1'000'042'123),
        packetEvent(publishOf(70'001, 1), Direction::Sent, start + 1'500'000'000),
        packetEvent(AckPacket{PacketType::Puback, 7, 0, {}}, Direction::Received,
                    start + 1'500'300'000),
        packetEvent(publishOf(150'000, 0), Direction::Received, start + 1'600'000'000),
        packetEvent(DisconnectPacket{}, Direction::Sent, start + 2'000'000'000),
    };
}

qint64 wallNsAt(qint64 monotonicNs)
{
    return OriginWall.toMSecsSinceEpoch() * 1'000'000 + (monotonicNs - Origin);
}

// A device that takes `budget` bytes, then fails every write like a full disk.
class FullDevice : public QIODevice
{
public:
    explicit FullDevice(qint64 budget, const QString &error = QString())
        : m_budget(budget)
        , m_error(error)
    {
        open(QIODevice::WriteOnly);
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        if (m_budget == 0) {
            if (!m_error.isEmpty())
                setErrorString(m_error);
            return -1;
        }
        const qint64 taken = std::min(size, m_budget);
        m_budget -= taken;
        return taken;
    }

private:
    qint64 m_budget;
    QString m_error;
};

} // namespace

class TestPcapWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSessionReadsBackExactly_data()
    {
        QTest::addColumn<LinkEndpoints>("endpoints");
        QTest::addColumn<bool>("ipv6");
        QTest::newRow("ipv4") << LinkEndpoints{QHostAddress(QStringLiteral("192.0.2.10")), 50123,
                                               QHostAddress(QStringLiteral("198.51.100.7")), 1883}
                              << false;
        QTest::newRow("ipv6") << LinkEndpoints{QHostAddress(QStringLiteral("2001:db8::10")), 50124,
                                               QHostAddress(QStringLiteral("2001:db8::7")), 8883}
                              << true;
        // A dual-stack socket reports IPv4 peers IPv4-mapped: they are still IPv4.
        QTest::newRow("ipv4-mapped")
            << LinkEndpoints{QHostAddress(QStringLiteral("::ffff:127.0.0.1")), 50125,
                             QHostAddress(QStringLiteral("::ffff:127.0.0.1")), 1883}
            << false;
    }

    void aSessionReadsBackExactly()
    {
        QFETCH(LinkEndpoints, endpoints);
        QFETCH(bool, ipv6);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        PcapWriter writer(&buffer);
        writer.setClockOrigin(Origin, OriginWall);
        QVERIFY(writer.writeFileHeader());
        QVERIFY(writer.beginConnection(endpoints, Origin + 100'000));
        const QList<Event> events = sessionEvents(Origin);
        for (const Event &event : events)
            QCOMPARE(writer.writePacket(event), event.isPacket());
        writer.endConnection(Origin + 2'000'001'000);
        QVERIFY2(!writer.hasError(), qPrintable(writer.errorString()));

        const Capture capture = readCapture(buffer.data());
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QCOMPARE(writer.packetsWritten(), capture.segments.size());
        QVERIFY(!buffer.data().contains(Password));

        QStringList problems;
        const auto [sent, received] = followConnection(capture.segments, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QByteArray expectedSent;
        QByteArray expectedReceived;
        for (const Event &event : events) {
            if (event.isPacket())
                (event.direction == Direction::Sent ? expectedSent : expectedReceived) += event.raw;
        }
        QCOMPARE(sent.size(), expectedSent.size());
        QVERIFY(sent == expectedSent);
        QCOMPARE(received.size(), expectedReceived.size());
        QVERIFY(received == expectedReceived);

        const auto isClient = [&](const QHostAddress &a) {
            return a.isEqual(endpoints.clientAddress, QHostAddress::TolerantConversion);
        };
        const auto isBroker = [&](const QHostAddress &a) {
            return a.isEqual(endpoints.brokerAddress, QHostAddress::TolerantConversion);
        };
        for (const Segment &s : capture.segments) {
            QCOMPARE(s.ipv6, ipv6);
            const bool fromClient = s.sourcePort == endpoints.clientPort;
            QCOMPARE(fromClient ? s.destinationPort : s.sourcePort, endpoints.brokerPort);
            QVERIFY(fromClient ? isClient(s.source) && isBroker(s.destination)
                               : isBroker(s.source) && isClient(s.destination));
        }

        // Each packet's segments are dated by its event, to the nanosecond; the large ones
        // are split at the MSS.
        QCOMPARE(capture.segments.first().wallNs, wallNsAt(Origin + 100'000));
        QCOMPARE(capture.segments.last().wallNs, wallNsAt(Origin + 2'000'001'000));
        qsizetype next = 3;
        for (const Event &event : events) {
            if (!event.isPacket())
                continue;
            qsizetype bytes = 0;
            int dataSegments = 0;
            for (; bytes < event.raw.size(); ++next) {
                const Segment &s = capture.segments.at(next);
                QCOMPARE(s.wallNs, wallNsAt(event.timeNs));
                bytes += s.payload.size();
                dataSegments += s.payload.isEmpty() ? 0 : 1;
            }
            QCOMPARE(bytes, event.raw.size());
            QCOMPARE(dataSegments, int((event.raw.size() + 64'999) / 65'000));
            QVERIFY(capture.segments.at(next - 1).flags & Psh);
        }
        QCOMPARE(next, capture.segments.size() - 3); // then the FIN exchange
    }

    void reconnectsGetAHandshakeEach()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        PcapWriter writer(&buffer);
        writer.setClockOrigin(Origin, OriginWall);
        const QHostAddress loopback(QHostAddress::LocalHost);
        const QList<Event> first = sessionEvents(Origin);
        QVERIFY(writer.beginConnection({loopback, 40001, loopback, 1883}, Origin));
        for (const Event &event : first)
            writer.writePacket(event);
        // No endConnection(): beginning the next one ends this one first.
        const QList<Event> second = sessionEvents(Origin + 3'000'000'000);
        QVERIFY(writer.beginConnection({loopback, 40002, loopback, 1883}, Origin + 2'900'000'000));
        QVERIFY(writer.hasConnection());
        for (const Event &event : second)
            writer.writePacket(event);
        writer.endConnection(Origin + 6'000'000'000, Direction::Received); // the broker closes
        QVERIFY(!writer.hasConnection());
        QVERIFY(!writer.writePacket(second.first())); // no connection: ignored
        QVERIFY2(!writer.hasError(), qPrintable(writer.errorString()));

        const Capture capture = readCapture(buffer.data());
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QList<Segment> connections[2];
        for (const Segment &s : capture.segments) {
            const quint16 clientPort = s.sourcePort == 1883 ? s.destinationPort : s.sourcePort;
            QVERIFY(clientPort == 40001 || clientPort == 40002);
            connections[clientPort - 40001].append(s);
        }
        // One after the other, not interleaved.
        for (qsizetype i = 0; i < capture.segments.size(); ++i) {
            const Segment &s = capture.segments[i];
            QCOMPARE(s.sourcePort == 40001 || s.destinationPort == 40001,
                     i < connections[0].size());
        }
        for (int i = 0; i < 2; ++i) {
            QStringList problems;
            const auto [sent, received] = followConnection(connections[i], problems);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
            QByteArray expected;
            for (const Event &event : i == 0 ? first : second)
                expected += event.direction == Direction::Sent ? event.raw : QByteArray();
            QVERIFY(sent == expected);
            QVERIFY(connections[i][0].seq != (i == 0 ? connections[1] : connections[0])[0].seq);
        }
        // The first connection was closed by the client, the second by the broker.
        QCOMPARE(connections[0][connections[0].size() - 3].sourcePort, quint16(40001));
        QCOMPARE(connections[1][connections[1].size() - 3].sourcePort, quint16(1883));
    }

    // A take-over in one file: two sessions' connections open at once, their events
    // interleaved; each goes to its own stream. A connection begun for session 0 takes the
    // events of a session that has none of its own.
    void sessionsSideBySideKeepTheirOwnStreams()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        PcapWriter writer(&buffer);
        writer.setClockOrigin(Origin, OriginWall);
        const QHostAddress loopback(QHostAddress::LocalHost);
        QVERIFY(writer.beginConnection({loopback, 40001, loopback, 1883}, Origin, 1));
        QVERIFY(writer.beginConnection({loopback, 40002, loopback, 1883}, Origin + 50'000, 2));
        QVERIFY(writer.hasConnection(1) && writer.hasConnection(2) && !writer.hasConnection());
        QList<Event> events[2] = {sessionEvents(Origin), sessionEvents(Origin + 100'000)};
        for (int i = 0; i < 2; ++i) {
            for (Event &event : events[i])
                event.session = i + 1;
        }
        for (qsizetype i = 0; i < events[0].size(); ++i) {
            writer.writePacket(events[0][i]);
            writer.writePacket(events[1][i]);
        }
        QVERIFY(!writer.writePacket(sessionEvents(Origin).first())); // session 0: no connection
        writer.endConnection(Origin + 3'000'000'000, Direction::Sent, 2);
        writer.endConnection(Origin + 3'000'000'000, Direction::Sent, 1);
        QVERIFY(!writer.hasConnection(1) && !writer.hasConnection(2));

        QVERIFY(writer.beginConnection({loopback, 40003, loopback, 1883}, Origin + 4'000'000'000));
        Event fromSession7 = events[0].first();
        fromSession7.session = 7;
        QVERIFY(writer.writePacket(fromSession7));
        writer.endConnection(Origin + 4'000'000'000);
        QVERIFY2(!writer.hasError(), qPrintable(writer.errorString()));

        const Capture capture = readCapture(buffer.data());
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QHash<quint16, QList<Segment>> streams;
        for (const Segment &s : capture.segments)
            streams[s.sourcePort == 1883 ? s.destinationPort : s.sourcePort].append(s);
        QCOMPARE(streams.size(), 3);
        for (int i = 0; i < 2; ++i) {
            QStringList problems;
            const auto [sent, received] = followConnection(streams[quint16(40001 + i)], problems);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
            QByteArray expectedSent;
            QByteArray expectedReceived;
            for (const Event &event : events[i]) {
                if (event.isPacket())
                    (event.direction == Direction::Sent ? expectedSent : expectedReceived) +=
                        event.raw;
            }
            QVERIFY(sent == expectedSent);
            QVERIFY(received == expectedReceived);
        }
        QStringList problems;
        QCOMPARE(followConnection(streams[40003], problems).first, fromSession7.raw);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void withoutAClockOriginTimesCountFromTheEpoch()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        PcapWriter writer(&buffer);
        const QHostAddress loopback(QHostAddress::LocalHost);
        QVERIFY(writer.beginConnection({loopback, 40001, loopback, 1883}, 7'000'000'123));
        const Capture capture = readCapture(buffer.data());
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QCOMPARE(capture.segments.size(), 3);
        QCOMPARE(capture.segments.first().wallNs, 7'000'000'123);
    }

    void invalidEndpointsOpenNothing()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        PcapWriter writer(&buffer);
        QVERIFY(!writer.beginConnection(LinkEndpoints{}, 0));
        QVERIFY(!writer.hasConnection());
        QVERIFY(!writer.hasError());
        QCOMPARE(writer.packetsWritten(), 0);
    }

    void writeErrorsAreReported()
    {
        // A full disk from the first byte.
        FullDevice full(0, QStringLiteral("No space left on device"));
        PcapWriter first(&full);
        QVERIFY(!first.writeFileHeader());
        QVERIFY(first.hasError());
        QVERIFY2(first.errorString().contains(QStringLiteral("No space left on device")),
                 qPrintable(first.errorString()));

        // Room for the header and a little more: the handshake fails part-way, and nothing
        // is written after the first failure.
        FullDevice shortOfSpace(24 + 100);
        PcapWriter second(&shortOfSpace);
        const QHostAddress loopback(QHostAddress::LocalHost);
        QVERIFY(!second.beginConnection({loopback, 40001, loopback, 1883}, 0));
        QVERIFY(second.hasError());
        QVERIFY2(second.errorString().contains(QStringLiteral("bytes were written")),
                 qPrintable(second.errorString()));
        const qint64 written = second.packetsWritten();
        QCOMPARE(written, 1);
        QVERIFY(!second.writePacket(sessionEvents(0).first()));
        QCOMPARE(second.packetsWritten(), written);

        // A device that is not open.
        QBuffer closed;
        PcapWriter third(&closed);
        QVERIFY(!third.writeFileHeader());
        QVERIFY2(third.errorString().contains(QStringLiteral("not open")),
                 qPrintable(third.errorString()));
    }
};

QTEST_APPLESS_MAIN(TestPcapWriter)
#include "tst_pcapwriter.moc"
