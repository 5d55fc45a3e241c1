// LatencyHistogram (percentiles in constant memory), LinkStatistics (what events add up to)
// and the JSON view of events that the CLI prints.

#include "monitor/eventjson.h"
#include "monitor/latencyhistogram.h"
#include "monitor/linkstatistics.h"
#include "protocol/codec.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

Event packetEvent(const Packet &packet, Direction direction, qint64 valueNs = -1)
{
    Event event;
    event.direction = direction;
    event.packetType = packetType(packet);
    event.version = ProtocolVersion::V5;
    event.raw = encodePacketUnchecked(packet, ProtocolVersion::V5);
    event.valueNs = valueNs;
    return event;
}

Event livenessEvent(EventKind kind)
{
    Event event;
    event.kind = kind;
    return event;
}

qint64 exactQuantile(std::vector<qint64> values, double q)
{
    std::sort(values.begin(), values.end());
    const size_t rank = std::max<size_t>(1, size_t(std::ceil(q * double(values.size()))));
    return values[rank - 1];
}

} // namespace

class TestLinkStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyHistogramAnswersMinusOne()
    {
        LatencyHistogram histogram;
        QVERIFY(histogram.isEmpty());
        QCOMPARE(histogram.quantile(0.5), -1);
        QCOMPARE(histogram.minimum(), -1);
        QCOMPARE(histogram.maximum(), -1);
    }

    void smallValuesAreExactAndExtremesAlways()
    {
        LatencyHistogram histogram;
        for (qint64 v : {5, 1, 3, 2, 4})
            histogram.add(v);
        QCOMPARE(histogram.quantile(0.0), 1);
        QCOMPARE(histogram.quantile(0.5), 3);
        QCOMPARE(histogram.quantile(1.0), 5);
        QCOMPARE(histogram.mean(), 3.0);
        histogram.add(7'000'000'000); // 7 s: the maximum is kept exactly
        QCOMPARE(histogram.maximum(), 7'000'000'000);
        QCOMPARE(histogram.quantile(1.0), 7'000'000'000);
    }

    void quantilesAreWithinTheBucketPrecision()
    {
        // Ping lateness and RTT span microseconds to seconds; a log-normal spread tests all.
        QRandomGenerator random(42);
        std::vector<qint64> values;
        LatencyHistogram histogram;
        for (int i = 0; i < 20000; ++i) {
            const qint64 ns = qint64(std::exp(7.0 + random.bounded(15.0)));
            values.push_back(ns);
            histogram.add(ns);
        }
        for (double q : {0.01, 0.1, 0.5, 0.9, 0.99, 0.999}) {
            const double exact = double(exactQuantile(values, q));
            const double estimate = double(histogram.quantile(q));
            QVERIFY2(
                std::abs(estimate - exact) <= exact / 64.0 + 1.0,
                qPrintable(
                    QStringLiteral("q=%1 exact %2 estimate %3").arg(q).arg(exact).arg(estimate)));
        }
    }

    void negativeDurationsCountAsZero()
    {
        LatencyHistogram histogram;
        histogram.add(-5);
        QCOMPARE(histogram.minimum(), 0);
    }

    void statisticsCountWhatTheEventsMean()
    {
        LinkStatistics stats;
        stats.add(livenessEvent(EventKind::Connected));
        stats.add(packetEvent(PingreqPacket{}, Direction::Sent, 1'500'000));
        stats.add(packetEvent(PingrespPacket{}, Direction::Received, 300'000));
        stats.add(packetEvent(PingreqPacket{}, Direction::Sent, 2'500'000));
        stats.add(livenessEvent(EventKind::PingTimeout));
        PublishPacket publish;
        publish.topic = QStringLiteral("t");
        publish.payload = QByteArray(10, 'x');
        stats.add(packetEvent(publish, Direction::Received));
        stats.add(packetEvent(publish, Direction::Received));
        stats.add(packetEvent(publish, Direction::Sent));
        stats.add(packetEvent(DisconnectPacket{0x8E, {}}, Direction::Received));
        stats.add(livenessEvent(EventKind::ClosedByBroker));
        stats.add(livenessEvent(EventKind::TakenOver));
        stats.add(livenessEvent(EventKind::Error));

        QCOMPARE(stats.connections(), 1);
        QCOMPARE(stats.pingsSent(), 2);
        QCOMPARE(stats.pingsAnswered(), 1);
        QCOMPARE(stats.pingTimeouts(), 1);
        QCOMPARE(stats.messagesReceived(), 2);
        QCOMPARE(stats.messagesSent(), 1);
        QVERIFY(stats.bytesReceived() > 20);
        QCOMPARE(stats.serverDisconnects(), 1);
        QCOMPARE(stats.closedByBroker(), 1);
        QCOMPARE(stats.takeovers(), 1);
        QCOMPARE(stats.errors(), 1);
        QCOMPARE(stats.roundTrip().count(), 1);
        QCOMPARE(stats.roundTrip().maximum(), 300'000);
        QCOMPARE(stats.pingLateness().count(), 2);
        QCOMPARE(stats.pingLateness().maximum(), 2'500'000);
    }

    void jsonCarriesTimeSessionAndName()
    {
        Event event = packetEvent(PingrespPacket{}, Direction::Received, 1'234'567);
        event.session = 3;
        event.timeNs = 5'000'000'000 + 2'500'000'123;
        const QJsonObject json = eventToJson(event, 5'000'000'000);
        QCOMPARE(json.value(QStringLiteral("t")).toDouble(), 2.500000);
        QCOMPARE(json.value(QStringLiteral("session")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("event")).toString(), QStringLiteral("pingresp"));
        QCOMPARE(json.value(QStringLiteral("rtt_ms")).toDouble(), 1.234);
    }

    void jsonOfLivenessEvents()
    {
        Event connected = livenessEvent(EventKind::Connected);
        connected.keepAlive = 30;
        connected.keepAliveFromServer = true;
        connected.text = QStringLiteral("client-a");
        QJsonObject json = eventToJson(connected, 0);
        QCOMPARE(json.value(QStringLiteral("keep_alive")).toInt(), 30);
        QCOMPARE(json.value(QStringLiteral("keep_alive_source")).toString(),
                 QStringLiteral("server"));
        QCOMPARE(json.value(QStringLiteral("client_id")).toString(), QStringLiteral("client-a"));

        Event closed = livenessEvent(EventKind::ClosedByBroker);
        closed.diagnosis = ClosureDiagnosis::KeepAliveEnforced;
        closed.text = QStringLiteral("broker enforced keep-alive");
        closed.valueNs = 3'100'000'000;
        json = eventToJson(closed, 0);
        QCOMPARE(json.value(QStringLiteral("diagnosis")).toString(), QStringLiteral("keep-alive"));
        QCOMPARE(json.value(QStringLiteral("silent_ms")).toDouble(), 3100.0);

        Event takenOver = livenessEvent(EventKind::TakenOver);
        takenOver.otherSession = 0;
        takenOver.inferred = true;
        json = eventToJson(takenOver, 0);
        QVERIFY(json.value(QStringLiteral("by")).isNull());
        QCOMPARE(json.value(QStringLiteral("inferred")).toBool(), true);
        takenOver.otherSession = 2;
        QCOMPARE(eventToJson(takenOver, 0).value(QStringLiteral("by")).toInt(), 2);

        Event fault = livenessEvent(EventKind::FaultInjected);
        fault.fault = FaultKind::BlackHole;
        QCOMPARE(eventToJson(fault, 0).value(QStringLiteral("fault")).toString(),
                 QStringLiteral("black-hole"));
    }

    void jsonOfServerDisconnectNamesTheReason()
    {
        Event event = packetEvent(DisconnectPacket{0x8E, {}}, Direction::Received);
        event.hasReasonCode = true;
        event.reasonCode = 0x8E;
        const QJsonObject json = eventToJson(event, 0);
        QCOMPARE(json.value(QStringLiteral("event")).toString(),
                 QStringLiteral("server-disconnect"));
        QCOMPARE(json.value(QStringLiteral("reason_code")).toInt(), 0x8E);
        QVERIFY2(json.value(QStringLiteral("reason"))
                     .toString()
                     .contains(QStringLiteral("taken over"), Qt::CaseInsensitive),
                 qPrintable(json.value(QStringLiteral("reason")).toString()));
    }

    void jsonOfMessagesKeepsEveryPayloadByte()
    {
        PublishPacket publish;
        publish.topic = QStringLiteral("sensors/t");
        publish.qos = 1;
        publish.packetId = 7;
        publish.retain = true;
        publish.payload = QByteArrayLiteral("{\"c\":21.5}");
        QJsonObject json = eventToJson(packetEvent(publish, Direction::Received), 0);
        QCOMPARE(json.value(QStringLiteral("event")).toString(), QStringLiteral("message"));
        QCOMPARE(json.value(QStringLiteral("topic")).toString(), QStringLiteral("sensors/t"));
        QCOMPARE(json.value(QStringLiteral("qos")).toInt(), 1);
        QCOMPARE(json.value(QStringLiteral("retain")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("size")).toInt(), 10);
        QCOMPARE(json.value(QStringLiteral("payload")).toString(), QStringLiteral("{\"c\":21.5}"));

        publish.payload = QByteArray::fromHex("00ff80");
        json = eventToJson(packetEvent(publish, Direction::Received), 0);
        QVERIFY(!json.contains(QStringLiteral("payload")));
        QCOMPARE(json.value(QStringLiteral("payload_hex")).toString(), QStringLiteral("00ff80"));
    }

    void jsonOfAConnectNeverShowsThePassword()
    {
        ConnectPacket connect;
        connect.protocolVersion = ProtocolVersion::V5;
        connect.clientId = QStringLiteral("c");
        connect.userName = QStringLiteral("u");
        connect.password = QByteArrayLiteral("hunter2-secret");
        Event event;
        event.direction = Direction::Sent;
        event.packetType = PacketType::Connect;
        event.version = ProtocolVersion::V5;
        event.raw =
            maskSecrets(encodePacketUnchecked(connect, ProtocolVersion::V5), ProtocolVersion::V5);
        const QJsonObject json = eventToJson(event, 0);
        QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("CONNECT"));
        QCOMPARE(json.value(QStringLiteral("direction")).toString(), QStringLiteral("sent"));
        const QString everything = QString::fromUtf8(QJsonDocument(json).toJson());
        QVERIFY2(!everything.contains(QStringLiteral("hunter2")), qPrintable(everything));
    }
};

QTEST_APPLESS_MAIN(TestLinkStatistics)
#include "tst_linkstatistics.moc"
