// The keep-alive timeline's model from scripted events (no widgets, no broker): deadline
// spans from the last packet sent, the PINGRESP wait, RTT points, thinning of floods, the
// bounds (pings survive a flood), keep-alive 0, labelled marks.

#include "monitor/timelinemodel.h"

#include <QTest>

using namespace PingScope;
using Protocol::PacketType;
using SpanKind = TimelineModel::SpanKind;
using MarkKind = TimelineModel::MarkKind;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 S = 1'000'000'000;
constexpr int Session = 7;

// Events as a session records them, sequence-stamped in order.
class Script
{
public:
    explicit Script(TimelineModel &model)
        : m_model(model)
    {}

    Event make(EventKind kind, qint64 timeNs)
    {
        Event event;
        event.kind = kind;
        event.timeNs = timeNs;
        event.session = Session;
        event.sequence = ++m_sequence;
        return event;
    }
    void packet(qint64 timeNs, PacketType type, Direction direction, qint64 valueNs = -1)
    {
        Event event = make(EventKind::Packet, timeNs);
        event.packetType = type;
        event.direction = direction;
        event.valueNs = valueNs;
        m_model.append(event);
    }
    void sent(qint64 timeNs, PacketType type) { packet(timeNs, type, Direction::Sent); }
    void received(qint64 timeNs, PacketType type) { packet(timeNs, type, Direction::Received); }
    // CONNECT at t, CONNACK 1 ms later, then "connected" with keep-alive k.
    void connect(qint64 timeNs, quint16 keepAlive, bool fromServer = false)
    {
        m_model.append(make(EventKind::Connecting, timeNs));
        sent(timeNs, PacketType::Connect);
        received(timeNs + Ms, PacketType::Connack);
        Event connected = make(EventKind::Connected, timeNs + Ms);
        connected.keepAlive = keepAlive;
        connected.keepAliveFromServer = fromServer;
        m_model.append(connected);
    }
    void ping(qint64 timeNs, qint64 rttNs)
    {
        sent(timeNs, PacketType::Pingreq);
        packet(timeNs + rttNs, PacketType::Pingresp, Direction::Received, rttNs);
    }

private:
    TimelineModel &m_model;
    quint64 m_sequence = 0;
};

QList<TimelineModel::DeadlineSpan> closedOfKind(const TimelineModel &model, SpanKind kind)
{
    QList<TimelineModel::DeadlineSpan> spans;
    for (const auto &span : model.spans()) {
        if (span.kind == kind)
            spans.append(span);
    }
    return spans;
}

std::optional<TimelineModel::DeadlineSpan> openOfKind(const TimelineModel &model, SpanKind kind)
{
    for (const auto &span : model.openSpans()) {
        if (span.kind == kind)
            return span;
    }
    return std::nullopt;
}

} // namespace

class TestTimelineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theConnectOpensTheFirstKeepAliveAndBrokerWindows()
    {
        TimelineModel model;
        Script script(model);
        script.connect(100 * Ms, 2, true);
        QCOMPARE(model.session(), Session);
        const auto keepAlive = openOfKind(model, SpanKind::KeepAlive);
        const auto broker = openOfKind(model, SpanKind::BrokerWindow);
        QVERIFY(keepAlive && broker);
        // From the CONNECT (the last packet sent), not from CONNACK.
        QCOMPARE(keepAlive->startNs, 100 * Ms);
        QCOMPARE(keepAlive->deadlineNs, 100 * Ms + 2 * S);
        QCOMPARE(broker->deadlineNs, 100 * Ms + 3 * S);
        QVERIFY(!openOfKind(model, SpanKind::PingrespWait));
        QCOMPARE(model.marks().size(), size_t(1));
        QCOMPARE(model.marks().front().kind, MarkKind::Connected);
        QCOMPARE(model.marks().front().label,
                 QStringLiteral("connected · keep-alive 2 s (broker's)"));
    }

    void eachSentPacketEndsTheWindowsAndOpensNewOnes()
    {
        TimelineModel model;
        Script script(model);
        script.connect(0, 5);
        script.received(1 * S, PacketType::Publish); // received traffic never moves them
        QCOMPARE(openOfKind(model, SpanKind::KeepAlive)->startNs, 0);
        script.sent(2 * S, PacketType::Publish);
        const auto closed = closedOfKind(model, SpanKind::KeepAlive);
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.front().startNs, 0);
        QCOMPARE(closed.front().deadlineNs, 5 * S);
        QCOMPARE(closed.front().endNs, 2 * S); // early: the PUBLISH was sent
        QCOMPARE(closedOfKind(model, SpanKind::BrokerWindow).front().endNs, 2 * S);
        QCOMPARE(openOfKind(model, SpanKind::KeepAlive)->startNs, 2 * S);
        QCOMPARE(openOfKind(model, SpanKind::KeepAlive)->deadlineNs, 7 * S);
        QCOMPARE(openOfKind(model, SpanKind::BrokerWindow)->deadlineNs, 2 * S + 15 * S / 2);
    }

    void aPingOpensThePingrespWaitWhichItsAnswerEnds()
    {
        TimelineModel model;
        model.setPingTimeoutMs(800);
        Script script(model);
        script.connect(0, 1);
        script.sent(1 * S, PacketType::Pingreq);
        const auto wait = openOfKind(model, SpanKind::PingrespWait);
        QVERIFY(wait);
        QCOMPARE(wait->startNs, 1 * S);
        QCOMPARE(wait->deadlineNs, 1 * S + 800 * Ms);
        script.packet(1 * S + 3 * Ms, PacketType::Pingresp, Direction::Received, 3 * Ms);
        QVERIFY(!openOfKind(model, SpanKind::PingrespWait));
        const auto closed = closedOfKind(model, SpanKind::PingrespWait);
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.front().endNs, 1 * S + 3 * Ms);
    }

    void thePingTimeoutDefaultsToTheKeepAliveAndEndsEverything()
    {
        TimelineModel model;
        Script script(model);
        script.connect(0, 2);
        script.sent(2 * S, PacketType::Pingreq);
        QCOMPARE(openOfKind(model, SpanKind::PingrespWait)->deadlineNs, 4 * S);
        Event timeout = script.make(EventKind::PingTimeout, 4 * S);
        timeout.valueNs = 2 * S;
        model.append(timeout);
        QVERIFY(model.openSpans().isEmpty());
        QVERIFY(!model.isConnected());
        QCOMPARE(closedOfKind(model, SpanKind::PingrespWait).front().endNs, 4 * S);
        QCOMPARE(model.marks().back().kind, MarkKind::PingTimeout);
        QVERIFY(model.marks().back().label.contains(QStringLiteral("half-open")));
        // No deadline outlives the connection: a later packet sent opens nothing.
        script.sent(5 * S, PacketType::Disconnect);
        QVERIFY(model.openSpans().isEmpty());
    }

    void aBlackHoleFreezesTheBrokerWindowNotTheKeepAliveOne()
    {
        TimelineModel model;
        Script script(model);
        script.connect(0, 2);
        script.sent(1 * S, PacketType::Publish);
        Event fault = script.make(EventKind::FaultInjected, 1500 * Ms);
        fault.fault = FaultKind::BlackHole;
        model.append(fault);
        // The PINGREQ is swallowed: the client's own deadline moves, the broker's does not.
        script.sent(3 * S, PacketType::Pingreq);
        QCOMPARE(openOfKind(model, SpanKind::KeepAlive)->startNs, 3 * S);
        QCOMPARE(openOfKind(model, SpanKind::BrokerWindow)->startNs, 1 * S);
        QCOMPARE(openOfKind(model, SpanKind::BrokerWindow)->deadlineNs, 4 * S);
        // A new connection is not black-holed: its sends move the broker window again.
        model.append(script.make(EventKind::Disconnected, 5 * S));
        script.connect(6 * S, 2);
        script.sent(7 * S, PacketType::Publish);
        QCOMPARE(openOfKind(model, SpanKind::BrokerWindow)->startNs, 7 * S);
    }

    void pingsGiveRttPoints()
    {
        TimelineModel model;
        Script script(model);
        script.connect(0, 1);
        script.ping(1 * S, 2 * Ms);
        script.ping(2 * S, 5 * Ms);
        QCOMPARE(model.pings().size(), size_t(4));
        QCOMPARE(model.pings()[0].type, PacketType::Pingreq);
        QCOMPARE(model.pings()[1].type, PacketType::Pingresp);
        QCOMPARE(model.pings()[1].valueNs, 2 * Ms);
        QCOMPARE(model.rttPoints().size(), size_t(2));
        QCOMPARE(model.rttPoints()[1].timeNs, 2 * S + 5 * Ms);
        QCOMPARE(model.rttPoints()[1].rttNs, 5 * Ms);
        // Pings are not "other packets": only CONNECT and CONNACK are there.
        QCOMPARE(model.packets().size(), size_t(2));
    }

    void aFloodIsThinnedIntoMarksWithCounts()
    {
        TimelineModel model;
        Script script(model);
        script.connect(0, 60);
        // 20,000 QoS 1 messages/s for 1 s: PUBLISH in, PUBACK out, interleaved.
        const qint64 step = S / 20'000;
        for (int i = 0; i < 20'000; ++i) {
            script.received(S + i * step, PacketType::Publish);
            script.sent(S + i * step + step / 2, PacketType::Puback);
        }
        int publishMarks = 0;
        int publishes = 0;
        for (const auto &mark : model.packets()) {
            if (mark.type == PacketType::Publish) {
                ++publishMarks;
                publishes += mark.count;
                QVERIFY(mark.lastNs - mark.timeNs < TimelineModel::ThinningNs);
            }
        }
        QCOMPARE(publishes, 20'000);
        QCOMPARE(publishMarks, 100); // one per 10 ms
        // The sent PUBACKs move one keep-alive window instead of closing 20,000.
        QVERIFY(closedOfKind(model, SpanKind::KeepAlive).size() <= 101);
        QCOMPARE(openOfKind(model, SpanKind::KeepAlive)->startNs, S + 19'999 * step + step / 2);
    }

    void boundsEvictTheOldestAndPingsSurviveAFlood()
    {
        TimelineModel model;
        model.setLimits(8, 50, 4, 10);
        Script script(model);
        script.connect(0, 1);
        for (int i = 1; i <= 6; ++i)
            script.ping(i * S, Ms);
        // A flood far beyond the packet bound, 20 ms apart so nothing merges.
        for (int i = 0; i < 1000; ++i)
            script.received(7 * S + i * 20 * Ms, PacketType::Publish);
        QCOMPARE(model.packets().size(), size_t(50));
        QCOMPARE(model.packets().back().timeNs, 7 * S + 999 * 20 * Ms);
        QCOMPARE(model.pings().size(), size_t(8));
        QCOMPARE(model.pings().front().timeNs, 3 * S); // pings 1 and 2 evicted by pings
        QCOMPARE(model.pings().back().type, PacketType::Pingresp);
        QVERIFY(model.spans().size() <= 10);
        for (int i = 0; i < 10; ++i)
            model.append(script.make(EventKind::Error, 30 * S + i));
        QCOMPARE(model.marks().size(), size_t(4));
        QCOMPARE(model.marks().back().timeNs, 30 * S + 9);
        QVERIFY(model.size() <= 8 + 50 + 8 + 4 + 10);
    }

    void keepAliveZeroHasNoKeepAliveWindows()
    {
        TimelineModel model;
        Script script(model);
        script.connect(0, 0);
        script.sent(S, PacketType::Publish);
        script.sent(3 * S, PacketType::Subscribe);
        QVERIFY(model.openSpans().isEmpty());
        QVERIFY(model.spans().empty());
        QCOMPARE(model.marks().front().label, QStringLiteral("connected · keep-alive off"));
    }

    void marksKeepTheOtherSessionAndTheReason()
    {
        TimelineModel model;
        Script script(model);
        script.connect(0, 1);
        Event takeover = script.make(EventKind::TakenOver, S);
        takeover.otherSession = 9;
        takeover.hasReasonCode = true;
        takeover.reasonCode = 0x8E;
        model.append(takeover);
        QCOMPARE(model.marks().back().kind, MarkKind::TakenOver);
        QCOMPARE(model.marks().back().otherSession, 9);
        QCOMPARE(model.marks().back().label, QStringLiteral("taken over by #9"));
        QVERIFY(model.openSpans().isEmpty());

        Event closed = script.make(EventKind::ClosedByBroker, 2 * S);
        closed.diagnosis = ClosureDiagnosis::KeepAliveEnforced;
        model.append(closed);
        QCOMPARE(model.marks().back().label,
                 QStringLiteral("closed by broker · keep-alive enforced"));

        Event disconnect = script.make(EventKind::Packet, 3 * S);
        disconnect.packetType = PacketType::Disconnect;
        disconnect.direction = Direction::Received;
        disconnect.hasReasonCode = true;
        disconnect.reasonCode = 0x8B;
        model.append(disconnect);
        QCOMPARE(model.marks().back().kind, MarkKind::ServerDisconnect);
        QVERIFY2(model.marks().back().label.contains(QStringLiteral("Server shutting down")),
                 qPrintable(model.marks().back().label));

        Event will = script.make(EventKind::WillReceived, 4 * S);
        will.otherSession = 3;
        model.append(will);
        QCOMPARE(model.marks().back().otherSession, 3);
        QCOMPARE(model.marks().back().label, QStringLiteral("will of #3"));
    }

    void otherSessionsAreIgnoredAndEveryChangeMovesTheRevision()
    {
        TimelineModel model(Session);
        Script script(model);
        const quint64 before = model.revision();
        script.connect(0, 1);
        QVERIFY(model.revision() > before);
        Event foreign = script.make(EventKind::Packet, S);
        foreign.session = Session + 1;
        const quint64 revision = model.revision();
        model.append(foreign);
        QCOMPARE(model.revision(), revision);
        model.clear();
        QVERIFY(model.revision() > revision);
        QCOMPARE(model.size(), 0);
        QCOMPARE(model.session(), Session);
    }
};

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
