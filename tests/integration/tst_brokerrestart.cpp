// Resilience: mosquitto is killed (SIGKILL: no chance to say goodbye or to save) while
// persistent sessions are connected, and restarted on the same port. Every session must
// report the loss, retry with growing delays while the broker is down, resume its session
// (session present) once it is back, and no QoS 1 or QoS 2 message may be lost.
//
// What survives a SIGKILL is what mosquitto saved: it writes its database only on a clean
// shutdown and on autosave. With `autosave_on_changes true` and `autosave_interval 1` it
// saves at the end of every turn of its main loop that changed something (loop.c: after
// handling the sockets). An ack it sent in the turn it is killed in may therefore concern a
// message it never saved: that loss would be mosquitto's, not the client's. So the kill
// comes after a PINGRESP to a PINGREQ sent after the last ack, which proves that turn (and
// its save) finished. Messages are in flight all the same:
//   - queued in the broker for an offline persistent subscriber (saved, sent after restart);
//   - on their way to the connected subscribers (saved; but mosquitto counts stored and
//     deleted messages as changes, not the steps of a flow, so the state it restores can be
//     older than the flow: it then resends a QoS 2 PUBLISH whose flow the client completed
//     before the kill, which the client rightly takes as a new message. A duplicate, never a
//     loss, and mosquitto's: the count is printed);
//   - in flight at the publisher, which is black-holed just before the kill: they never
//     reached the broker, and the publisher must resend them when it resumes.

#include "brokerfixture.h"
#include "eventrecorder.h"
#include "monitor/sessionhub.h"
#include "sessionclient.h"
#include "sessiontesthelpers.h"

#include <QHostAddress>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>

#include <signal.h>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = 10000;
constexpr int InitialDelayMs = 200;
const QString Topic = QStringLiteral("ps/restart/messages");

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort(); // free again once `server` is gone
}

// LocalBroker runs mosquitto as its child QProcess; this kills it the way a crash or the
// OOM killer would. False if there was no running mosquitto to kill.
bool killBroker(LocalBroker &broker)
{
    auto *process = broker.findChild<QProcess *>();
    if (!process || process->state() != QProcess::Running)
        return false;
    ::kill(pid_t(process->processId()), SIGKILL);
    return process->waitForFinished(TimeoutMs) && process->exitStatus() == QProcess::CrashExit;
}

// One session of the test with what it received: message numbers, duplicates counted.
struct Member
{
    Member(BrokerFixture &broker, const QString &tag, ProtocolVersion version)
        : client(persistentSettings(broker, tag, version))
    {
        QObject::connect(&client.session, &Session::messageReceived, &client.recorder,
                         [this](const PublishPacket &message) {
                             const int number = message.payload.toInt();
                             if (received.contains(number))
                                 ++duplicates[message.qos == 2 ? 1 : 0];
                             received.insert(number);
                         });
    }

    static SessionSettings persistentSettings(BrokerFixture &broker, const QString &tag,
                                              ProtocolVersion version)
    {
        SessionSettings settings = sessionSettingsFor(broker, QStringLiteral("restart-") + tag);
        settings.version = version;
        settings.cleanStart = false;
        if (version == ProtocolVersion::V5)
            settings.sessionExpirySeconds = 300;
        settings.reconnect.initialDelayMs = InitialDelayMs;
        settings.reconnect.maximumDelayMs = 8 * InitialDelayMs;
        settings.reconnect.jitter = 0; // the delays can be checked exactly
        return settings;
    }

    // The events named `name` since the `since` ns mark.
    QList<Event> eventsSince(const QString &name, qint64 since) const
    {
        QList<Event> found;
        for (const Event &event : client.recorder.named(name)) {
            if (event.timeNs >= since)
                found.append(event);
        }
        return found;
    }

    SessionClient client;
    QSet<int> received;
    // Messages received again, by QoS: after the restart mosquitto resends what its saved
    // state says is unacknowledged, which may be older than the acks (see the top).
    int duplicates[2] = {0, 0}; // QoS 1, QoS 2
};

} // namespace

class BrokerRestartTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Sessions of one process (one SessionHub) to a broker that dies: each bare close of a
    // healthy link first reads as a take-over by another client, the later one with the hint
    // that links of other client IDs closed at the same moment; the refused reconnects then
    // retract both.
    void aBrokerThatDiesTookNothingOver()
    {
        BrokerFixture broker;
        PINGSCOPE_REQUIRE_BROKER(broker);
        SessionHub hub;
        Session first(&hub);
        Session second(&hub);
        EventRecorder firstEvents(first);
        EventRecorder secondEvents(second);
        for (Session *session : {&first, &second}) {
            SessionSettings settings = sessionSettingsFor(
                broker, session == &first ? QStringLiteral("wide-1") : QStringLiteral("wide-2"));
            settings.reconnect.initialDelayMs = InitialDelayMs;
            session->setSettings(settings);
            QVERIFY(session->open().isEmpty());
        }
        QVERIFY(firstEvents.waitFor(QStringLiteral("connected"), TimeoutMs));
        QVERIFY(secondEvents.waitFor(QStringLiteral("connected"), TimeoutMs));
        const auto report = [&]() -> QString { return firstEvents.dump() + secondEvents.dump(); };

        QVERIFY(killBroker(broker.broker()));
        PINGSCOPE_VERIFY_OR_DUMP(
            firstEvents.waitUntil(
                [&] {
                    return firstEvents.count(QStringLiteral("takeover-retracted")) == 1 &&
                           secondEvents.count(QStringLiteral("takeover-retracted")) == 1;
                },
                TimeoutMs),
            report());
        QList<ClosureDiagnosis> diagnoses;
        for (EventRecorder *events : {&firstEvents, &secondEvents}) {
            PINGSCOPE_VERIFY_OR_DUMP(events->count(QStringLiteral("taken-over")) == 1, report());
            diagnoses.append(
                events->named(QStringLiteral("closed-by-broker")).constFirst().diagnosis);
        }
        // Whichever close came second saw the first one's.
        PINGSCOPE_VERIFY_OR_DUMP(diagnoses.count(ClosureDiagnosis::BrokerClosedAll) == 1 &&
                                     diagnoses.count(ClosureDiagnosis::ProbablyTakenOver) == 1,
                                 report());
    }

    void killedBrokerLosesNoQos12Message()
    {
        QTemporaryDir store;
        QVERIFY(store.isValid());
        BrokerFixture broker({QStringLiteral("persistence true"),
                              QStringLiteral("persistence_location %1/").arg(store.path()),
                              QStringLiteral("autosave_on_changes true"),
                              QStringLiteral("autosave_interval 1")});
        const quint16 port = freePort();
        QVERIFY(port != 0);
        broker.broker().setPort(port);
        PINGSCOPE_REQUIRE_BROKER(broker);

        // Connected subscribers of both versions, an offline one, and the publisher.
        Member subA(broker, QStringLiteral("sub-a"), ProtocolVersion::V5);
        Member subB(broker, QStringLiteral("sub-b"), ProtocolVersion::V5);
        Member subC(broker, QStringLiteral("sub-c"), ProtocolVersion::V3_1_1);
        Member offline(broker, QStringLiteral("sub-offline"), ProtocolVersion::V3_1_1);
        Member publisher(broker, QStringLiteral("publisher"), ProtocolVersion::V5);
        const QList<Member *> online = {&subA, &subB, &subC};
        const QList<Member *> subscribers = online + QList<Member *>{&offline};
        const QList<Member *> everyone = subscribers + QList<Member *>{&publisher};
        const std::initializer_list<Session *> onlineSessions = {
            &subA.client.session, &subB.client.session, &subC.client.session};
        const std::initializer_list<Session *> allSessions = {
            &subA.client.session, &subB.client.session, &subC.client.session,
            &offline.client.session, &publisher.client.session};
        const auto report = [&] {
            QString text = QStringLiteral("--- mosquitto log:\n") + broker.log();
            for (const Member *member : everyone)
                text += QStringLiteral("--- %1 (%2 messages, %3 + %4 duplicates)\n%5")
                            .arg(member->client.session.settings().clientId)
                            .arg(member->received.size())
                            .arg(member->duplicates[0])
                            .arg(member->duplicates[1])
                            .arg(member->client.recorder.dump());
            return text;
        };
        for (Member *member : everyone)
            PINGSCOPE_VERIFY_OR_DUMP(openAndWaitConnected(member->client), report());
        for (Member *member : subscribers)
            PINGSCOPE_VERIFY_OR_DUMP(subscribeAndWait(member->client, Topic, 2), report());
        offline.client.session.close(); // its session, and what is queued for it, stay

        // Before the kill: messages 0..59, QoS 1 and 2 alternating, all acknowledged.
        NumberedPublisher numbers(publisher.client.session);
        for (int i = 0; i < 60; ++i)
            QVERIFY2(numbers.publish(), qPrintable(numbers.lastError));
        PINGSCOPE_VERIFY_OR_DUMP(
            waitForSessions(
                {&publisher.client.session}, [&] { return numbers.allCompleted(); }, TimeoutMs),
            report());
        // The barrier described at the top: mosquitto has saved all of it.
        const int pongs = publisher.client.recorder.count(QStringLiteral("pingresp"));
        QVERIFY(publisher.client.session.pingNow());
        PINGSCOPE_VERIFY_OR_DUMP(publisher.client.recorder.waitForCount(QStringLiteral("pingresp"),
                                                                        pongs + 1, TimeoutMs),
                                 report());

        // Messages 60..69 go into a black hole: in flight at the publisher at the kill.
        publisher.client.session.injectFault(FaultKind::BlackHole);
        for (int i = 0; i < 10; ++i)
            QVERIFY2(numbers.publish(), qPrintable(numbers.lastError));
        const qint64 killedNs = publisher.client.session.now();
        QVERIFY2(killBroker(broker.broker()), qPrintable(report()));

        // Every connected subscriber sees the loss at once and retries; the restart waits
        // until each has failed at least once more, so the delays must have grown.
        PINGSCOPE_VERIFY_OR_DUMP(
            waitForSessions(
                onlineSessions,
                [&] {
                    for (const Member *member : online) {
                        if (member->eventsSince(QStringLiteral("reconnecting"), killedNs).size() <
                            3)
                            return false;
                    }
                    return true;
                },
                TimeoutMs),
            report());
        QVERIFY2(broker.broker().start(), qPrintable(broker.broker().errorString()));
        offline.client.session.open();

        // Everyone is back, with the session the broker kept.
        const auto allResumed = [&] {
            for (Member *member : everyone) {
                if (!member->client.session.isConnected() ||
                    member->eventsSince(QStringLiteral("connected"), killedNs).isEmpty())
                    return false;
            }
            return true;
        };
        PINGSCOPE_VERIFY_OR_DUMP(waitForSessions(allSessions, allResumed, 4 * TimeoutMs), report());
        for (Member *member : everyone)
            PINGSCOPE_VERIFY_OR_DUMP(member->client.session.sessionPresent(), report());

        // After the restart: messages 70..129.
        for (int i = 0; i < 60; ++i)
            QVERIFY2(numbers.publish(), qPrintable(numbers.lastError));
        const auto allDelivered = [&] {
            for (const Member *member : subscribers) {
                if (member->received.size() < numbers.count())
                    return false;
            }
            return numbers.allCompleted();
        };
        PINGSCOPE_VERIFY_OR_DUMP(waitForSessions(allSessions, allDelivered, 4 * TimeoutMs),
                                 report());

        // No message lost, none refused; each number received is one that was published.
        QCOMPARE(numbers.count(), 130);
        QCOMPARE(numbers.refused, 0);
        QSet<int> all;
        for (int i = 0; i < numbers.count(); ++i)
            all.insert(i);
        for (const Member *member : subscribers)
            PINGSCOPE_VERIFY_OR_DUMP(member->received == all, report());

        // Each connected session reported the loss, and retried with doubling delays.
        for (const Member *member : online) {
            const QList<Event> losses =
                member->eventsSince(QStringLiteral("disconnected"), killedNs);
            PINGSCOPE_VERIFY_OR_DUMP(!losses.isEmpty(), report());
            const QList<Event> retries =
                member->eventsSince(QStringLiteral("reconnecting"), killedNs);
            PINGSCOPE_VERIFY_OR_DUMP(retries.size() >= 3, report());
            for (qsizetype i = 0; i < 3; ++i)
                QCOMPARE(retries.at(i).valueNs, qint64(InitialDelayMs << i) * 1'000'000);
            // The bare close of a healthy link first reads as a take-over by another
            // client; the refused reconnect shows the broker went away, and says so.
            const qsizetype takeovers =
                member->eventsSince(QStringLiteral("taken-over"), killedNs).size();
            PINGSCOPE_VERIFY_OR_DUMP(takeovers >= 1, report());
            PINGSCOPE_VERIFY_OR_DUMP(
                member->eventsSince(QStringLiteral("takeover-retracted"), killedNs).size() ==
                    takeovers,
                report());
            PINGSCOPE_VERIFY_OR_DUMP(
                member->eventsSince(QStringLiteral("takeover-flapping"), killedNs).isEmpty(),
                report());
        }
        // The black-holed publisher found out from its unanswered PINGREQ.
        PINGSCOPE_VERIFY_OR_DUMP(
            !publisher.eventsSince(QStringLiteral("ping-timeout"), killedNs).isEmpty(), report());

        int duplicates[2] = {0, 0};
        for (const Member *member : subscribers) {
            duplicates[0] += member->duplicates[0];
            duplicates[1] += member->duplicates[1];
        }
        qInfo("%d messages to %d subscribers, none lost; duplicates: %d QoS 1, %d QoS 2",
              numbers.count(), int(subscribers.size()), duplicates[0], duplicates[1]);
    }

private:
    // Publishes numbered messages (payload "n"), QoS 1 and 2 alternating, and follows their
    // flows to the end.
    struct NumberedPublisher
    {
        explicit NumberedPublisher(Session &session)
            : m_session(session)
        {
            QObject::connect(&session, &Session::publishCompleted, &m_context,
                             [this](quint16 id, quint8 code) {
                                 if (m_pending.remove(id) && code >= 0x80)
                                     ++refused;
                             });
        }

        bool publish()
        {
            const int number = m_published;
            const Session::SendResult sent = m_session.publish(
                makeMessage(Topic, QByteArray::number(number), quint8(1 + number % 2)));
            lastError = sent.error;
            if (!sent.ok)
                return false;
            ++m_published;
            m_pending.insert(sent.packetId);
            return true;
        }
        int count() const { return m_published; }
        bool allCompleted() const { return m_pending.isEmpty(); }

        int refused = 0; // completed with a reason code >= 0x80
        QString lastError;

    private:
        Session &m_session;
        QObject m_context;
        QSet<quint16> m_pending;
        int m_published = 0;
    };
};

QTEST_GUILESS_MAIN(BrokerRestartTest)
#include "tst_brokerrestart.moc"
