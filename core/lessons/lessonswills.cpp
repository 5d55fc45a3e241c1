// Lesson 9: wills and clean goodbyes. Four ways to leave, side by side on one broker, each
// session with a will topic of its own and one watcher subscribed to them all.

#include "lessons/lessonbuilders.h"
#include "lessons/lessonwillchecks.h"

namespace PingScope::LessonBuilders {

using namespace LessonChecks;

namespace {

constexpr int WillDelaySeconds = 3;
// Longer than the will delay, so the session outlives it and the delay alone decides
// ([MQTT-3.1.3-9]: whichever comes first).
constexpr quint32 SessionExpirySeconds = 10;
// mosquitto 2.0.11 keeps the delay in whole seconds and sends the will in the first second
// after it ends: 3.74 to 3.95 s after the drop for a 3 s delay (measured), never early, up to
// a second late plus its main loop's turn.
constexpr double WillDelayLateSeconds = 1.5;
// Without a delay the broker publishes the will as it handles the close: milliseconds,
// more on a loaded machine.
constexpr double AtOnceSeconds = 1.0;

constexpr int Watcher = 1;
constexpr int Goodbye = 2;
constexpr int Crash = 3;
constexpr int WithWill = 4;
constexpr int Resumer = 5;
constexpr int Delayed = 6;

// A 5.0 session with a will on its own topic; `willDelay` > 0 adds a Will Delay Interval
// and a Session Expiry Interval that outlasts it.
SessionSettings leaver(const QString &role, int willDelay = 0)
{
    SessionSettings settings = lessonSession(role, 2);
    Protocol::Will will = lessonWill(role);
    if (willDelay > 0) {
        will.properties.setInteger(Protocol::PropertyId::WillDelayInterval, quint32(willDelay));
        settings.sessionExpirySeconds = SessionExpirySeconds;
        // Clean Start 0 from the first CONNECT: the reconnect must find the session.
        settings.cleanStart = false;
    }
    settings.will = will;
    return settings;
}

LessonStep fault(int session, FaultKind kind, const QString &description, const QString &mark)
{
    LessonStep s = step(Action::InjectFault, session, 0, description, mark);
    s.fault = kind;
    return s;
}

LessonStep willArrives(qint64 ms, const QString &description)
{
    return waitingFor(step(Action::WaitForEvent, Watcher, ms, description),
                      QStringLiteral("will-received"));
}

} // namespace

Lesson willsAndGoodbyes()
{
    Lesson lesson;
    lesson.id = QStringLiteral("wills-and-goodbyes");
    lesson.title = QStringLiteral("Wills and clean goodbyes");
    lesson.explanation = QStringLiteral(
        "A will is the message the broker publishes for a client that leaves without saying "
        "goodbye. A normal DISCONNECT is the goodbye: the broker discards the will (3.1.1 "
        "[MQTT-3.14.4-3] for any DISCONNECT; 5.0 for reason 0x00). A crash, a socket closed "
        "without DISCONNECT, publishes it. In 5.0 a client can leave cleanly and still have "
        "its will published, with DISCONNECT 0x04 'Disconnect with Will Message'. A 5.0 Will "
        "Delay Interval holds the will back until the delay or the end of the session, "
        "whichever comes first, and a reconnect that resumes the session within the delay "
        "cancels it ([MQTT-3.1.3-9]): a brief network glitch need not alarm anyone. Here "
        "five MQTT 5.0 sessions leave in these ways while session 1 watches their will "
        "topics; sessions 5 and 6 have a will delay of 3 s and a session expiry of 10 s, "
        "and only session 5 comes back in time.");
    lesson.sessions = {lessonSession(QStringLiteral("watcher"), 2),
                       leaver(QStringLiteral("goodbye")),
                       leaver(QStringLiteral("crash")),
                       leaver(QStringLiteral("disconnect-04")),
                       leaver(QStringLiteral("resumer"), WillDelaySeconds),
                       leaver(QStringLiteral("delayed"), WillDelaySeconds)};
    const QString anyWill = QStringLiteral("pingscope/lesson/%run%/will/#");
    lesson.steps = {
        step(Action::Open, Watcher, 0, QStringLiteral("Session 1, the watcher, connects")),
        withTopic(step(Action::Subscribe, Watcher, 0,
                       QStringLiteral("It subscribes to the will topics of sessions 2 to 6")),
                  anyWill),
        step(Action::Open, Goodbye, 0, QStringLiteral("Session 2 connects with a will")),
        step(Action::Open, Crash, 0, QStringLiteral("Session 3 connects with a will")),
        step(Action::Open, WithWill, 0, QStringLiteral("Session 4 connects with a will")),
        step(Action::Open, Delayed, 0,
             QStringLiteral("Session 6 connects with a will delayed 3 s, session expiry 10 s")),
        step(Action::Open, Resumer, 0,
             QStringLiteral("Session 5 connects the same way, with Clean Start 0")),
        fault(Delayed, FaultKind::Drop,
              QStringLiteral("Session 6 crashes (fault: drop) and will not come back"),
              QStringLiteral("delayed-dropped")),
        fault(Resumer, FaultKind::Drop, QStringLiteral("Session 5 crashes too (fault: drop)"),
              QStringLiteral("resume-dropped")),
        step(Action::Close, Goodbye, 0, QStringLiteral("Session 2 says goodbye: DISCONNECT 0x00"),
             QStringLiteral("goodbye")),
        fault(Crash, FaultKind::Drop,
              QStringLiteral("Session 3 crashes: its socket closes without DISCONNECT"),
              QStringLiteral("crashed")),
        willArrives(3000, QStringLiteral("Session 1 receives session 3's will (at most 3 s)")),
        fault(WithWill, FaultKind::DisconnectWithWill,
              QStringLiteral("Session 4 leaves with DISCONNECT 0x04, Disconnect with Will Message"),
              QStringLiteral("disconnect-04")),
        willArrives(3000, QStringLiteral("Session 1 receives session 4's will (at most 3 s)")),
        step(Action::Wait, Watcher, 1000, QStringLiteral("1 s passes")),
        step(Action::Open, Resumer, 0,
             QStringLiteral("Session 5 reconnects with the same client ID and Clean Start 0, "
                            "within its will delay"),
             QStringLiteral("resumed")),
        willArrives(4000, QStringLiteral("Session 1 receives session 6's delayed will (at "
                                         "most 4 s)")),
        step(Action::Wait, Watcher, 2000,
             QStringLiteral("Session 1 watches for 2 s more: session 5's will must not come")),
    };

    const QString why04 =
        QStringLiteral("no will delay, so the broker publishes it as it handles the close");
    const double delay = WillDelaySeconds;
    lesson.observations = {
        noWillWithin({QStringLiteral("no-will-after-disconnect"),
                      QStringLiteral("A normal DISCONNECT (0x00) discards the will (3.1.1 "
                                     "[MQTT-3.14.4-3]; 5.0 reason 0x00)"),
                      Watcher, Goodbye, QStringLiteral("goodbye")},
                     lesson.sessions.at(Goodbye - 1).will->topic, 3.0,
                     QStringLiteral("a clean goodbye has no will")),
        willArrivesBetween({QStringLiteral("will-after-crash"),
                            QStringLiteral("A crash, the socket closed without DISCONNECT, "
                                           "publishes the will"),
                            Watcher, Crash, QStringLiteral("crashed")},
                           0, AtOnceSeconds, why04),
        willArrivesBetween({QStringLiteral("will-after-disconnect-0x04"),
                            QStringLiteral("5.0 DISCONNECT 0x04 (Disconnect with Will Message) "
                                           "leaves cleanly and still publishes the will"),
                            Watcher, WithWill, QStringLiteral("disconnect-04")},
                           0, AtOnceSeconds, why04),
        sessionResumedWithin(QStringLiteral("resumed-within-will-delay"), Resumer,
                             QStringLiteral("resume-dropped"), delay),
        noWillWithin({QStringLiteral("resume-cancels-delayed-will"),
                      QStringLiteral("A reconnect that resumes the session within the Will "
                                     "Delay Interval cancels the will ([MQTT-3.1.3-9])"),
                      Watcher, Resumer, QStringLiteral("resume-dropped")},
                     lesson.sessions.at(Resumer - 1).will->topic, delay + WillDelayLateSeconds,
                     QStringLiteral("the will delay 3 s, and the 1.5 s mosquitto may add")),
        willArrivesBetween({QStringLiteral("delayed-will"),
                            QStringLiteral("Without a reconnect the will goes out when the "
                                           "Will Delay Interval is over ([MQTT-3.1.3-9])"),
                            Watcher, Delayed, QStringLiteral("delayed-dropped")},
                           delay, delay + WillDelayLateSeconds,
                           QStringLiteral("never before the 3 s will delay; mosquitto counts in "
                                          "whole seconds, so up to 1.5 s after it")),
    };
    return lesson;
}

} // namespace PingScope::LessonBuilders
