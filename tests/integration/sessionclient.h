#pragma once

// A Session with its EventRecorder and what it completed, and waits that also wake on
// publishCompleted(), for integration tests that run several sessions against one broker.

#include "eventrecorder.h"
#include "session/session.h"

#include <QEventLoop>
#include <QHash>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <initializer_list>

// A session, its recorder, and the publishCompleted() signals it emitted, in order.
struct SessionClient
{
    explicit SessionClient(const PingScope::SessionSettings &settings)
        : recorder(session)
    {
        session.setSettings(settings);
        QObject::connect(&session, &PingScope::Session::publishCompleted, &recorder,
                         [this](quint16 id, quint8 code) {
                             completed.append({id, code});
                         });
    }

    PingScope::Session session;
    EventRecorder recorder;
    QList<QPair<quint16, quint8>> completed;
};

// Runs the event loop until `done()` holds (checked after anything the sessions emit) or
// `timeoutMs` pass. Unlike EventRecorder::waitUntil() it also wakes on publishCompleted(),
// which follows the ack's packet event and may be the last thing that happens.
inline bool waitForSessions(std::initializer_list<PingScope::Session *> sessions,
                            const std::function<bool()> &done, int timeoutMs)
{
    using PingScope::Session;
    if (done())
        return true;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    const auto check = [&] {
        if (done())
            loop.quit();
    };
    for (Session *session : sessions) {
        QObject::connect(session, &Session::eventRecorded, &loop, check);
        QObject::connect(session, &Session::publishCompleted, &loop, check);
        QObject::connect(session, &Session::subscribeCompleted, &loop, check);
        QObject::connect(session, &Session::stateChanged, &loop, check);
    }
    loop.exec();
    return done();
}

// Opens the session and waits for its next "connected" event.
inline bool openAndWaitConnected(SessionClient &client, int timeoutMs = 5000)
{
    const int before = client.recorder.count(QStringLiteral("connected"));
    return client.session.open().isEmpty() &&
           client.recorder.waitForCount(QStringLiteral("connected"), before + 1, timeoutMs);
}

// Subscribes to one filter and waits for the SUBACK; true if the broker granted `qos`.
inline bool subscribeAndWait(SessionClient &client, const QString &filter, quint8 qos,
                             int timeoutMs = 5000)
{
    QList<quint8> granted;
    const QMetaObject::Connection connection =
        QObject::connect(&client.session, &PingScope::Session::subscribeCompleted, &client.recorder,
                         [&](quint16, const QList<quint8> &codes) { granted = codes; });
    const bool sent =
        client.session.subscribe({PingScope::Protocol::Subscription{filter, qos}}).ok &&
        waitForSessions(
            {&client.session}, [&] { return !granted.isEmpty(); }, timeoutMs);
    QObject::disconnect(connection);
    return sent && granted == QList<quint8>{qos};
}

inline PingScope::Protocol::PublishPacket
makeMessage(const QString &topic, const QByteArray &payload, quint8 qos, bool retain = false)
{
    PingScope::Protocol::PublishPacket publish;
    publish.topic = topic;
    publish.payload = payload;
    publish.qos = qos;
    publish.retain = retain;
    return publish;
}

// The QoS packets on a timeline, in order: "PUBLISH>" sent, "<PUBACK" received, ...
inline QStringList qosFlow(const EventRecorder &recorder)
{
    QStringList flow;
    for (const PingScope::Event &event : recorder.events()) {
        for (PingScope::Protocol::PacketType type :
             {PingScope::Protocol::PacketType::Publish, PingScope::Protocol::PacketType::Puback,
              PingScope::Protocol::PacketType::Pubrec, PingScope::Protocol::PacketType::Pubrel,
              PingScope::Protocol::PacketType::Pubcomp}) {
            if (event.isPacket(type, PingScope::Direction::Sent))
                flow << PingScope::Protocol::packetTypeName(type) + QLatin1Char('>');
            else if (event.isPacket(type, PingScope::Direction::Received))
                flow << QLatin1Char('<') + PingScope::Protocol::packetTypeName(type);
        }
    }
    return flow;
}

// A numbered QoS 1 stream through `session`, one message per interval: message n (payload
// "n") is the n-th that publish() accepted; those refused (not connected) are only counted.
class NumberedStream : public QObject
{
public:
    NumberedStream(PingScope::Session &session, const QString &topic)
        : m_session(session)
        , m_topic(topic)
    {
        connect(&session, &PingScope::Session::publishCompleted, this,
                [this](quint16 id, quint8 code) {
                    const int number = pending.take(id);
                    if (code >= 0x80)
                        refusedByBroker << number;
                });
        connect(&m_timer, &QTimer::timeout, this, &NumberedStream::publishNext);
    }

    void start(int intervalMs) { m_timer.start(intervalMs); }
    void stop() { m_timer.stop(); }
    // Publishes the next number now; false if publish() refused it.
    bool publishNext()
    {
        const int number = int(published.size());
        const PingScope::Session::SendResult sent =
            m_session.publish(makeMessage(m_topic, QByteArray::number(number), 1));
        if (!sent.ok) {
            ++refusedWhileDown;
            return false;
        }
        published << number;
        pending.insert(sent.packetId, number);
        return true;
    }

    QList<int> published;
    QHash<quint16, int> pending; // packet ID -> number, until publishCompleted()
    QList<int> refusedByBroker;  // completed with a reason code >= 0x80
    int refusedWhileDown = 0;

private:
    PingScope::Session &m_session;
    QString m_topic;
    QTimer m_timer;
};

// Both timelines, for a failure report.
inline QString dumps(const SessionClient &a, const SessionClient &b)
{
    return QStringLiteral("--- %1\n%2--- %3\n%4")
        .arg(a.session.clientId(), a.recorder.dump(), b.session.clientId(), b.recorder.dump());
}
