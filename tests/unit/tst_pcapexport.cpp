// The pcap export of a session's events (writeEventsPcap, CaptureFeed): connections begin
// at each sent CONNECT with the endpoints it carries and end as the session says; packets
// whose CONNECT a bounded history evicted are counted, not invented. Read back with the
// tests' own pcap reader. The endpoints' text form round-trips.

#include "monitor/eventhistory.h"
#include "monitor/linkendpoints.h"
#include "monitor/pcapexport.h"
#include "pcapreader.h"
#include "protocol/codec.h"

#include <QBuffer>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

const LinkEndpoints First{QHostAddress(QStringLiteral("192.0.2.7")), 50001,
                          QHostAddress(QStringLiteral("192.0.2.1")), 1883};
const LinkEndpoints Second{QHostAddress(QStringLiteral("192.0.2.7")), 50002,
                           QHostAddress(QStringLiteral("192.0.2.1")), 1883};

struct Script
{
    EventHistory history;
    quint64 sequence = 1;
    qint64 timeNs = 1'000'000'000;

    explicit Script(qsizetype maximumEvents = EventHistory::DefaultMaximumEvents)
        : history(maximumEvents)
    {}

    void packet(const Packet &packet, Direction direction, const QString &text = {})
    {
        Event event;
        event.direction = direction;
        event.packetType = packetType(packet);
        event.raw = encodePacketUnchecked(packet, ProtocolVersion::V5);
        event.text = text;
        add(std::move(event));
    }
    void liveness(EventKind kind)
    {
        Event event;
        event.kind = kind;
        add(std::move(event));
    }
    void connection(const LinkEndpoints &endpoints)
    {
        ConnectPacket connect;
        connect.protocolVersion = ProtocolVersion::V5;
        connect.clientId = QStringLiteral("pcap-export");
        packet(connect, Direction::Sent, endpoints.toText());
        packet(ConnackPacket{}, Direction::Received);
        packet(PingreqPacket{}, Direction::Sent);
        packet(PingrespPacket{}, Direction::Received);
    }
    void add(Event event)
    {
        event.session = 1;
        event.sequence = sequence++;
        event.timeNs = (timeNs += 1'000'000);
        history.append(event);
    }
};

PcapReading::Capture exportAndRead(const EventHistory &history, qint64 *skipped)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!writeEventsPcap(&buffer, history, ClockOrigin{0, QDateTime::currentDateTimeUtc()}, &error,
                         skipped))
        qWarning("%s", qPrintable(error));
    return PcapReading::readCapture(buffer.data());
}

} // namespace

class TestPcapExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endpointsRoundTripAsText_data()
    {
        QTest::addColumn<LinkEndpoints>("endpoints");
        QTest::addColumn<QString>("text");
        QTest::newRow("ipv4") << First << QStringLiteral("192.0.2.7:50001 -> 192.0.2.1:1883");
        QTest::newRow("ipv6") << LinkEndpoints{QHostAddress(QStringLiteral("2001:db8::7")), 50003,
                                               QHostAddress(QStringLiteral("::1")), 8883}
                              << QStringLiteral("[2001:db8::7]:50003 -> [::1]:8883");
    }

    void endpointsRoundTripAsText()
    {
        QFETCH(LinkEndpoints, endpoints);
        QFETCH(QString, text);
        QCOMPARE(endpoints.toText(), text);
        const LinkEndpoints back = LinkEndpoints::fromText(text);
        QCOMPARE(back.clientAddress, endpoints.clientAddress);
        QCOMPARE(back.clientPort, endpoints.clientPort);
        QCOMPARE(back.brokerAddress, endpoints.brokerAddress);
        QCOMPARE(back.brokerPort, endpoints.brokerPort);
    }

    void otherTextIsNoEndpoints()
    {
        QVERIFY(LinkEndpoints{}.toText().isEmpty());
        for (const char *text : {"", "127.0.0.1:1883 (TCP)", "a:1 -> b:2", "1.2.3.4:0 -> 1.2.3.4:1",
                                 "1.2.3.4:70000 -> 1.2.3.4:1", "1.2.3.4 -> 1.2.3.4:1"})
            QVERIFY2(!LinkEndpoints::fromText(QString::fromLatin1(text)).isValid(), text);
    }

    void eachConnectBeginsAConnection()
    {
        Script script;
        script.connection(First);
        script.packet(DisconnectPacket{}, Direction::Sent);
        script.liveness(EventKind::Disconnected);
        script.connection(Second);
        script.liveness(EventKind::ClosedByBroker);
        script.liveness(EventKind::Disconnected);

        qint64 skipped = -1;
        const PcapReading::Capture capture = exportAndRead(script.history, &skipped);
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QCOMPARE(skipped, 0);
        QList<PcapReading::Segment> first, second;
        for (const PcapReading::Segment &segment : capture.segments) {
            const quint16 client =
                segment.sourcePort == 1883 ? segment.destinationPort : segment.sourcePort;
            (client == First.clientPort ? first : second).append(segment);
        }
        QStringList problems;
        const auto [sent, received] = PcapReading::followConnection(first, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(sent,
                 script.history.at(0).raw + script.history.at(2).raw + script.history.at(4).raw);
        QCOMPARE(received, script.history.at(1).raw + script.history.at(3).raw);
        PcapReading::followConnection(second, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(second.first().source, Second.clientAddress);
        // Closed by the broker: its FIN comes first.
        QCOMPARE(second[second.size() - 3].sourcePort, Second.brokerPort);
    }

    void anOpenConnectionEndsWithTheHistory()
    {
        Script script;
        script.connection(First);
        qint64 skipped = -1;
        const PcapReading::Capture capture = exportAndRead(script.history, &skipped);
        QStringList problems = capture.problems;
        PcapReading::followConnection(capture.segments, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(capture.segments.size(), 3 + 4 + 3);
    }

    void packetsWithoutTheirConnectAreCountedNotInvented()
    {
        Script script(3); // the CONNECT will be evicted
        script.connection(First);
        script.packet(PingreqPacket{}, Direction::Sent);
        QCOMPARE(script.history.evictedCount(), 2u);
        qint64 skipped = -1;
        const PcapReading::Capture capture = exportAndRead(script.history, &skipped);
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QCOMPARE(skipped, 3);
        QVERIFY(capture.segments.isEmpty());
    }

    void aBlackHoledConnectionEndsSilently()
    {
        Script script;
        script.connection(First);
        Event fault;
        fault.kind = EventKind::FaultInjected;
        fault.fault = FaultKind::BlackHole;
        script.add(fault);
        script.packet(PingreqPacket{}, Direction::Sent); // swallowed by the black hole
        script.liveness(EventKind::Disconnected);
        qint64 skipped = -1;
        const PcapReading::Capture capture = exportAndRead(script.history, &skipped);
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QCOMPARE(skipped, 0);
        QCOMPARE(capture.segments.size(), 3 + 4); // no FIN: none was on the wire
    }
};

QTEST_APPLESS_MAIN(TestPcapExport)
#include "tst_pcapexport.moc"
