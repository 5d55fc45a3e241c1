// A Session against a FakeBroker that does odd things with the byte stream rather than with
// single packets: a valid packet split into 1-byte writes (it must decode as if sent whole),
// bytes followed by a half-close (the broker's FIN while it still reads), and 100,000 QoS 0
// PUBLISH in one write (all delivered, in order, while the session keeps pinging on time),
// and thousands of messages followed at once by the close (all handled before the close).
// A bystander session on a real mosquitto, on the same thread, must not notice any of it.

#include "bystander.h"
#include "fakebrokertest.h"
#include "hexbytes.h"
#include "hostilebroker.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"

#include <QFile>
#include <QHash>
#include <QTest>

#include <algorithm>
#include <limits>
#include <optional>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = FakeBrokerRig::NetworkTimeoutMs;
// A packet sent a byte per millisecond takes about 0.4 s here; on a VM whose host steals its
// CPU for seconds at a time (seen in CI) the 1 ms timer that sends them fires far less often.
// The wait only has to tell a decoder that never finishes from a slow delivery.
constexpr int PiecesTimeoutMs = 4 * TimeoutMs;

// The process's peak resident memory so far (VmHWM), in KiB; -1 where /proc has none.
qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class SessionHostileStreamTest : public FakeBrokerTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Built before the bystander connects: encoding 100,000 packets blocks the thread
        // for a while, which the bystander would rightly count as a late PINGREQ.
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            QByteArray &burst = m_bursts[int(version)];
            QByteArray &lastWords = m_lastWords[int(version)];
            PublishPacket publish;
            publish.topic = QStringLiteral("hostile/burst");
            for (int i = 0; i < BurstCount; ++i) {
                publish.payload = QByteArray::number(i);
                publish.qos = 0;
                burst += encodePacket(publish, version);
                if (i >= LastWordsCount)
                    continue;
                publish.qos = 1;
                publish.packetId = quint16(1 + i);
                lastWords += encodePacket(publish, version);
            }
            if (version == ProtocolVersion::V5)
                lastWords +=
                    encodePacket(DisconnectPacket{ReasonCode::ServerShuttingDown, {}}, version);
        }
        PINGSCOPE_REQUIRE_BROKER(m_bystander.broker);
        const QString problem = m_bystander.connect();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanup()
    {
        cleanupRig();
        BYSTANDER_VERIFY(m_bystander);
    }

    // The bystander pinged through the bursts; at the end it shows it still does.
    void cleanupTestCase()
    {
        QVERIFY(m_bystander.waitForMorePings());
        BYSTANDER_VERIFY(m_bystander);
    }

    void packetSplitIntoSingleBytesDecodes_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<Phase>("phase");
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const QByteArray name = protocolVersionName(version).toLatin1();
            QTest::addRow("%s CONNACK", name.constData()) << version << Phase::BeforeConnack;
            QTest::addRow("%s PUBLISH", name.constData()) << version << Phase::AfterConnack;
        }
    }

    // Every split point of the header, the lengths and the properties is crossed.
    void packetSplitIntoSingleBytesDecodes()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(Phase, phase);
        FakeBrokerRig &rig = this->rig();
        const bool v5 = version == ProtocolVersion::V5;
        if (phase == Phase::BeforeConnack) {
            rig.broker.setConnackReply(QByteArray()); // answered below, a byte at a time
            RIG_VERIFY(rig, rig.open(rig.settings(QStringLiteral("split-connack"), version)));
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Connect, TimeoutMs));
            ConnackPacket connack;
            if (v5) {
                connack.properties.setInteger(PropertyId::ReceiveMaximum, 7);
                connack.properties.setString(PropertyId::AssignedClientIdentifier,
                                             QStringLiteral("assigned-by-pieces"));
            }
            QVERIFY(rig.broker.sendInPieces(encodePacket(connack, version)));
            RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("connected"), PiecesTimeoutMs));
            if (v5)
                QCOMPARE(rig.session.brokerLimits().receiveMaximum, quint16(7));
        } else {
            RIG_VERIFY(rig, rig.openConnected(rig.settings(QStringLiteral("split"), version)));
            PublishPacket publish;
            publish.topic = QStringLiteral("hostile/split/\u00e9t\u00e9");
            publish.qos = 1;
            publish.packetId = 513;                 // both bytes non-zero
            publish.payload = QByteArray(300, 'p'); // a 2-byte remaining length
            if (v5) {
                publish.properties.setString(PropertyId::ContentType, QStringLiteral("text/x"));
                publish.properties.addUserProperty(QStringLiteral("k"), QStringLiteral("v"));
            }
            QVERIFY(rig.broker.sendInPieces(encodePacket(publish, version)));
            RIG_VERIFY(rig, rig.events.waitForMessages(1, PiecesTimeoutMs));
            const PublishPacket &received = rig.events.messages().constFirst();
            QCOMPARE(received.topic, publish.topic);
            QCOMPARE(received.payload, publish.payload);
            QCOMPARE(received.packetId, publish.packetId);
            QCOMPARE(received.properties, publish.properties);
            DecodedPacket puback;
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Puback, TimeoutMs, &puback));
            QCOMPARE(std::get<AckPacket>(puback.packet).packetId, publish.packetId);
        }
        QCOMPARE(rig.events.count(QStringLiteral("error")), 0);
        QVERIFY(rig.session.isConnected());
        QCOMPARE(rig.broker.connectionCount(), 1);
    }

    void bytesBeforeAHalfClose_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<Phase>("phase");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<bool>("malformed"); // else cut short: a loss, reconnected
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const QByteArray name = protocolVersionName(version).toLatin1();
            const QString reserved = QStringLiteral("packet type 0 is reserved");
            const QString cutShort = QStringLiteral("in the middle of a packet (6 byte");
            QTest::addRow("%s garbage before CONNACK", name.constData())
                << version << Phase::BeforeConnack << hexBytes("00 02 FF FF") << reserved << true;
            QTest::addRow("%s garbage", name.constData())
                << version << Phase::AfterConnack << hexBytes("00 02 FF FF") << reserved << true;
            QTest::addRow("%s PUBLISH cut short", name.constData())
                << version << Phase::AfterConnack << hexBytes("30 0A 00 03 61 62") << cutShort
                << false;
        }
    }

    // The broker sends `bytes` and its FIN together, but keeps reading: the client must
    // report the bytes (not just the close), and in 5.0 its DISCONNECT still arrives.
    void bytesBeforeAHalfClose()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(Phase, phase);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QFETCH(bool, malformed);
        FakeBrokerRig &rig = this->rig();
        const SessionSettings settings = rig.settings(QStringLiteral("half-close"), version);
        if (phase == Phase::BeforeConnack) {
            rig.broker.setConnackReply(QByteArray());
            RIG_VERIFY(rig, rig.open(settings));
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Connect, TimeoutMs));
        } else {
            RIG_VERIFY(rig, rig.openConnected(settings));
        }
        QVERIFY(rig.broker.send(bytes));
        QVERIFY(rig.broker.halfClose());

        RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("disconnected"), TimeoutMs));
        RIG_VERIFY(rig, rig.broker.waitForClientClosed(TimeoutMs));
        QCOMPARE(rig.events.count(QStringLiteral("error")), 1);
        RIG_VERIFY(rig, rig.first(QStringLiteral("error")).text.contains(problem));
        RIG_VERIFY(rig, rig.events.messages().isEmpty());
        const std::optional<DisconnectPacket> disconnect = disconnectReceived(rig.broker);
        if (malformed) {
            QCOMPARE(rig.events.count(QStringLiteral("reconnecting")), 0);
            if (version == ProtocolVersion::V5) {
                RIG_VERIFY(rig, disconnect.has_value());
                QCOMPARE(disconnect->reasonCode, ReasonCode::MalformedPacket);
            } else {
                RIG_VERIFY(rig, !disconnect.has_value());
            }
        } else {
            // A broker that dies in the middle of a write is a lost link, not a hostile one.
            RIG_VERIFY(rig, !disconnect.has_value());
            QCOMPARE(rig.events.count(QStringLiteral("closed-by-broker")), 1);
            RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("reconnecting"), TimeoutMs));
        }
    }

    void hundredThousandPublishesInOneWrite_data() { addProtocolVersionRows(); }

    // All delivered, in order, with memory bounded, and the session responsive meanwhile:
    // the burst is timed to arrive just before a PINGREQ is due, which must still go out on
    // time (as must the bystander's). The rig's recorder keeps all 100,000 events, so this
    // test watches what it checks itself: scanning that list is slow enough to make the
    // bystander's PINGREQ late, and printing it on failure would be unreadable.
    void hundredThousandPublishesInOneWrite()
    {
        QFETCH(ProtocolVersion, version);
        const QByteArray &burst = m_bursts[int(version)];
        FakeBrokerRig &rig = this->rig();
        SessionSettings settings = rig.settings(QStringLiteral("burst"), version);
        settings.keepAliveSeconds = 1;
        RIG_VERIFY(rig, rig.openConnected(settings));

        struct
        {
            int received = 0;
            int outOfOrder = 0;
            QStringList errors;
            QList<Event> pings; // the PINGREQs sent since the burst
            int pingresps = 0;
            qint64 sentNs = std::numeric_limits<qint64>::max();
        } seen;
        connect(&rig.session, &Session::messageReceived, this, [&](const PublishPacket &message) {
            if (message.payload != QByteArray::number(seen.received))
                ++seen.outOfOrder;
            ++seen.received;
        });
        connect(&rig.session, &Session::eventRecorded, this, [&](const Event &event) {
            if (event.kind == EventKind::Error)
                seen.errors.append(event.text);
            if (event.timeNs < seen.sentNs)
                return;
            if (event.isPacket(PacketType::Pingreq, Direction::Sent))
                seen.pings.append(event);
            else if (event.isPacket(PacketType::Pingresp, Direction::Received))
                ++seen.pingresps;
        });

        // Sent 50 ms before the next PINGREQ is due.
        const KeepAlive &engine = rig.session.keepAliveEngine();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return engine.pingDueNs() >= 0 &&
                       rig.session.now() >= engine.pingDueNs() - 50'000'000;
            },
            TimeoutMs));
        const qint64 peakBeforeKiB = peakRssKiB();
        seen.sentNs = rig.session.now();
        QVERIFY(rig.broker.send(burst));
        // Its PINGRESP queues behind the burst in the broker's socket: it comes last.
        const bool arrived = rig.events.waitUntil(
            [&] { return seen.received == BurstCount && seen.pingresps > 0; }, 60'000);
        rig.events.clear(); // a failure's report would print 100,000 lines
        QVERIFY2(arrived, qPrintable(QStringLiteral("%1 of %2 messages, %3 PINGRESP; errors: %4")
                                         .arg(seen.received)
                                         .arg(BurstCount)
                                         .arg(seen.pingresps)
                                         .arg(seen.errors.join(QStringLiteral("; ")))));
        const qint64 burstNs = rig.session.now() - seen.sentNs;
        const qint64 peakGrowthKiB = peakRssKiB() - peakBeforeKiB;

        QCOMPARE(seen.outOfOrder, 0);
        QVERIFY2(seen.errors.isEmpty(), qPrintable(seen.errors.join(QStringLiteral("; "))));
        QVERIFY(rig.session.isConnected());
        QVERIFY(!seen.pings.isEmpty());
        qint64 latest = 0;
        for (const Event &ping : std::as_const(seen.pings)) {
            latest = std::max(latest, ping.valueNs);
            QVERIFY2(ping.valueNs <= m_bystander.latenessBoundNs(ping.timeNs, ping.valueNs),
                     qPrintable(QStringLiteral("a PINGREQ %1 late during a burst of %2 (%3 stolen "
                                               "by the host meanwhile)")
                                    .arg(durationText(ping.valueNs), durationText(burstNs),
                                         m_bystander.stolenText(ping.timeNs, ping.valueNs))));
        }
        // The recorder keeps 100,000 events and messages (tens of MiB); a session that kept
        // a copy of the burst per packet would need gigabytes.
        if (peakBeforeKiB >= 0)
            QVERIFY2(peakGrowthKiB < 256 * 1024,
                     qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(peakGrowthKiB)));
        qInfo("%d messages (%lld KiB) in %s; peak RSS +%lld KiB; PINGREQ at most %s late; "
              "the host stole up to %s from one vCPU meanwhile",
              BurstCount, qlonglong(burst.size() / 1024), qPrintable(durationText(burstNs)),
              qlonglong(peakGrowthKiB), qPrintable(durationText(latest)),
              qPrintable(m_bystander.stolenText(seen.sentNs + burstNs, burstNs)));
    }

    void burstThenCloseIsHandledInOrder_data() { addProtocolVersionRows(); }

    // Thousands of QoS 1 messages, then (5.0) DISCONNECT 0x8B, then the close, all at once:
    // the session works through them a slice at a time, so the close arrives while most are
    // still waiting. It must first handle every one, in order, then the DISCONNECT, and only
    // then conclude anything about the close (and not complain that the acks it still owes
    // cannot be sent: the link is gone, and the broker resends them on resume).
    void burstThenCloseIsHandledInOrder()
    {
        QFETCH(ProtocolVersion, version);
        FakeBrokerRig &rig = this->rig();
        RIG_VERIFY(rig, rig.openConnected(rig.settings(QStringLiteral("last-words"), version)));
        // Watched here, not through the recorder: a wait that counts its events after each
        // of them would take seconds over 40,000 events, and the bystander would notice.
        int received = 0;
        int outOfOrder = 0;
        connect(&rig.session, &Session::messageReceived, this, [&](const PublishPacket &message) {
            if (message.payload != QByteArray::number(received))
                ++outOfOrder;
            ++received;
        });
        QList<Event> conclusions; // every event that is not a packet, and DISCONNECT
        connect(&rig.session, &Session::eventRecorded, this, [&](const Event &event) {
            if (!event.isPacket() || event.isPacket(PacketType::Disconnect, Direction::Received))
                conclusions.append(event);
        });
        const auto count = [&](EventKind kind) {
            return std::count_if(conclusions.cbegin(), conclusions.cend(),
                                 [kind](const Event &event) { return event.kind == kind; });
        };
        QVERIFY(rig.broker.send(m_lastWords[int(version)]));
        rig.broker.closeClient();

        const bool ended =
            rig.events.waitUntil([&] { return count(EventKind::Disconnected) > 0; }, 4 * TimeoutMs);
        rig.events.clear(); // a failure's report would print thousands of lines
        QString timeline;
        for (const Event &event : std::as_const(conclusions))
            timeline += event.name() + QStringLiteral(": ") + event.summary() + QLatin1Char('\n');
        QVERIFY2(ended, qPrintable(timeline));
        QCOMPARE(received, LastWordsCount);
        QCOMPARE(outOfOrder, 0);
        QVERIFY2(count(EventKind::Error) == 0, qPrintable(timeline));
        if (version == ProtocolVersion::V5) {
            QVERIFY2(conclusions.first().isPacket(PacketType::Disconnect, Direction::Received),
                     qPrintable(timeline));
            QCOMPARE(conclusions.first().reasonCode, ReasonCode::ServerShuttingDown);
            QVERIFY2(count(EventKind::ClosedByBroker) == 0, qPrintable(timeline));
        } else {
            QVERIFY2(count(EventKind::ClosedByBroker) == 1, qPrintable(timeline));
        }
    }

private:
    static constexpr int BurstCount = 100'000;
    static constexpr int LastWordsCount = 20'000;
    Bystander m_bystander;
    // By protocol version: BurstCount QoS 0 PUBLISH to "hostile/burst", payloads "0", "1", ...
    QHash<int, QByteArray> m_bursts;
    // By protocol version: LastWordsCount QoS 1 PUBLISH, then (5.0) DISCONNECT 0x8B.
    QHash<int, QByteArray> m_lastWords;
};

QTEST_GUILESS_MAIN(SessionHostileStreamTest)
#include "tst_sessionhostilestream.moc"
