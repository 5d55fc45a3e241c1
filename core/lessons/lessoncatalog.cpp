#include "lessoncatalog.h"

#include "lessons/lessonbuilders.h"
#include "lessons/lessonchecks.h"

namespace PingScope {

namespace {

using namespace LessonBuilders;
using namespace LessonChecks;

Lesson heartbeat()
{
    Lesson lesson;
    lesson.id = QStringLiteral("heartbeat");
    lesson.title = QStringLiteral("The heartbeat");
    lesson.explanation = QStringLiteral(
        "Keep-alive is the longest time a client may stay silent. A client with nothing to "
        "send sends a PINGREQ instead, one keep-alive after its last packet (3.1.1 "
        "[MQTT-3.1.2-23], 5.0 [MQTT-3.1.2-20]), and the broker answers each with a PINGRESP "
        "([MQTT-3.12.4-1]). The time between the two is the round trip: a live measure of "
        "the link. Here an idle session with keep-alive 2 s is watched for a few beats.");
    lesson.sessions = {lessonSession(QStringLiteral("idle"), 2)};
    lesson.steps = {
        step(Action::Open, 1, 0, QStringLiteral("Session 1 connects with keep-alive 2 s")),
        step(Action::Wait, 1, 7500, QStringLiteral("It stays idle for 7.5 s"),
             QStringLiteral("idle")),
    };
    const Window idle{QStringLiteral("idle"), {}};
    lesson.observations = {connectedWithKeepAlive(1, 2), pingsEveryKeepAlive(1, 2, idle, 3),
                           pingsAnswered(1, idle)};
    return lesson;
}

Lesson trafficIsAHeartbeat()
{
    Lesson lesson;
    lesson.id = QStringLiteral("traffic-is-a-heartbeat");
    lesson.title = QStringLiteral("Traffic is a heartbeat too");
    lesson.explanation = QStringLiteral(
        "Keep-alive counts the gap between packets the client sends, of any kind (3.1.1 "
        "[MQTT-3.1.2-23], 5.0 [MQTT-3.1.2-20]). A client that publishes more often than its "
        "keep-alive never needs a PINGREQ: each PUBLISH already tells the broker it is alive. "
        "Here a session with keep-alive 2 s publishes every 0.5 s for 4 s, then stops: "
        "the pings come back one keep-alive after its last message.");
    lesson.sessions = {lessonSession(QStringLiteral("publisher"), 2)};
    LessonStep publish =
        step(Action::StartPublishing, 1, 500, QStringLiteral("It publishes every 0.5 s for 4 s"),
             QStringLiteral("publishing"));
    publish.topic = QStringLiteral("pingscope/lesson/%run%/traffic");
    lesson.steps = {
        step(Action::Open, 1, 0, QStringLiteral("Session 1 connects with keep-alive 2 s")),
        publish,
        step(Action::Wait, 1, 4000, QStringLiteral("... for 4 s")),
        step(Action::StopPublishing, 1, 0, QStringLiteral("It stops publishing"),
             QStringLiteral("stopped")),
        step(Action::Wait, 1, 5000, QStringLiteral("It stays idle for 5 s")),
    };
    const Window afterwards{QStringLiteral("stopped"), {}};
    lesson.observations = {
        noPings(1, {QStringLiteral("publishing"), QStringLiteral("stopped")},
                QStringLiteral("publishing every 0.5 s")),
        pingsResume(1, 2, QStringLiteral("stopped")),
        pingsEveryKeepAlive(1, 2, afterwards, 2),
    };
    return lesson;
}

Lesson receivingIsNotEnough()
{
    Lesson lesson;
    lesson.id = QStringLiteral("receiving-is-not-enough");
    lesson.title = QStringLiteral("Receiving is not enough");
    lesson.explanation = QStringLiteral(
        "Keep-alive counts only what the client sends (3.1.1 [MQTT-3.1.2-23], 5.0 "
        "[MQTT-3.1.2-20]). A client that only receives, however busy, must still ping: the "
        "broker cannot tell from its own messages that the client is alive. Here session 1 "
        "(keep-alive 2 s) receives a message every 0.5 s from session 2 and pings anyway.");
    lesson.sessions = {lessonSession(QStringLiteral("receiver"), 2),
                       lessonSession(QStringLiteral("sender"), 10)};
    const QString topic = QStringLiteral("pingscope/lesson/%run%/stream");
    lesson.steps = {
        step(Action::Open, 1, 0, QStringLiteral("Session 1 connects with keep-alive 2 s")),
        withTopic(step(Action::Subscribe, 1, 0, QStringLiteral("It subscribes to a topic")), topic),
        step(Action::Open, 2, 0, QStringLiteral("Session 2 connects")),
        withTopic(step(Action::StartPublishing, 2, 500,
                       QStringLiteral("Session 2 publishes to it every 0.5 s for 5 s"),
                       QStringLiteral("streaming")),
                  topic),
        step(Action::Wait, 1, 5000, QStringLiteral("... for 5 s")),
        step(Action::StopPublishing, 2, 0, QStringLiteral("Session 2 stops"),
             QStringLiteral("stopped")),
    };
    const Window streaming{QStringLiteral("streaming"), QStringLiteral("stopped")};
    lesson.observations = {messagesReceived(1, streaming, 8),
                           pingsEveryKeepAlive(1, 2, streaming, 2), pingsAnswered(1, streaming)};
    return lesson;
}

Lesson keepAliveZero()
{
    Lesson lesson;
    lesson.id = QStringLiteral("keep-alive-zero");
    lesson.title = QStringLiteral("Keep-alive 0 switches it off");
    lesson.explanation = QStringLiteral(
        "A keep-alive of 0 turns the mechanism off on both sides: the client never pings and "
        "the broker never drops it for silence. The connection stays up, but neither side "
        "would notice if the link silently died (a half-open link). This lesson uses MQTT "
        "3.1.1: a 5.0 broker may impose its own value with Server Keep Alive "
        "([MQTT-3.2.2-21]); mosquitto answers a 5.0 keep-alive of 0 with 65535 by default, "
        "or with its max_keepalive.");
    SessionSettings settings = lessonSession(QStringLiteral("no-keep-alive"), 0);
    settings.version = Protocol::ProtocolVersion::V3_1_1;
    lesson.sessions = {settings};
    lesson.steps = {
        step(Action::Open, 1, 0,
             QStringLiteral("Session 1 connects with MQTT 3.1.1 and keep-alive 0")),
        step(Action::Wait, 1, 5000, QStringLiteral("It stays idle for 5 s"),
             QStringLiteral("idle")),
    };
    const Window idle{QStringLiteral("idle"), {}};
    lesson.observations = {connectedWithKeepAlive(1, 0),
                           noPings(1, idle, QStringLiteral("keep-alive is 0")),
                           stayedConnected(1, idle)};
    return lesson;
}

Lesson silentClient()
{
    Lesson lesson;
    lesson.id = QStringLiteral("silent-client");
    lesson.title = QStringLiteral("A silent client");
    lesson.explanation = QStringLiteral(
        "A broker that hears nothing from a client for 1.5 x its keep-alive must close the "
        "connection (3.1.1 [MQTT-3.1.2-24], 5.0 [MQTT-3.1.2-22]) and then publish the "
        "client's will, as for any ending without DISCONNECT. Here session 1 (keep-alive "
        "2 s, with a will) stops pinging while session 2 watches its will topic. The rule "
        "says 'at least' 1.5 x: mosquitto checks keep-alives only about every 5 s, in whole "
        "seconds, so it may take several seconds longer. (Whole seconds are also why this "
        "lesson uses 2 s: mosquitto computes 1.5 x 1 s as 1 s.)");
    SessionSettings silent = lessonSession(QStringLiteral("silent"), 2);
    const Protocol::Will will = lessonWill(QStringLiteral("silent"));
    silent.will = will;
    lesson.sessions = {silent, lessonSession(QStringLiteral("watcher"), 10)};
    LessonStep subscribe =
        step(Action::Subscribe, 2, 0, QStringLiteral("Session 2 subscribes to session 1's will"));
    subscribe.topic = will.topic;
    LessonStep pause = step(Action::InjectFault, 1, 0,
                            QStringLiteral("Session 1 stops pinging (fault: pause pings)"),
                            QStringLiteral("paused"));
    pause.fault = FaultKind::PausePings;
    LessonStep dropped = step(Action::WaitForEvent, 1, 12000,
                              QStringLiteral("The broker closes session 1 (waiting at most 12 s)"));
    dropped.eventName = QStringLiteral("closed-by-broker");
    LessonStep willArrives =
        step(Action::WaitForEvent, 2, 3000,
             QStringLiteral("Session 2 receives the will (waiting at most 3 s)"));
    willArrives.eventName = QStringLiteral("will-received");
    lesson.steps = {
        step(Action::Open, 2, 0, QStringLiteral("Session 2, the watcher, connects")),
        subscribe,
        step(Action::Open, 1, 0,
             QStringLiteral("Session 1 connects with keep-alive 2 s and a will")),
        step(Action::Wait, 1, 2500, QStringLiteral("It pings for 2.5 s")),
        pause,
        dropped,
        willArrives,
    };
    lesson.observations = {
        noPings(1, {QStringLiteral("paused"), {}}, QStringLiteral("pings are paused")),
        brokerDroppedSilentClient(1, 2),
        willReceived(2, 1),
    };
    return lesson;
}

Lesson brokerDecides()
{
    Lesson lesson;
    lesson.id = QStringLiteral("broker-decides");
    lesson.title = QStringLiteral("The broker decides");
    lesson.explanation = QStringLiteral(
        "In MQTT 5.0 the broker may answer CONNECT with its own keep-alive, the Server Keep "
        "Alive property of CONNACK, and the client must use it instead of its own "
        "([MQTT-3.2.2-21]). mosquitto does so when a client asks for more than its "
        "max_keepalive, or for 0 (off). Here the local broker runs with max_keepalive 10 "
        "(the lowest it accepts); session 1 asks for 60 s and session 2 for 0: both get "
        "10 s. Against another broker (--host/--port) the lesson shows what that broker does.");
    lesson.brokerConfig = {QStringLiteral("max_keepalive 10")};
    lesson.sessions = {lessonSession(QStringLiteral("asks-60"), 60),
                       lessonSession(QStringLiteral("asks-0"), 0)};
    lesson.steps = {
        step(Action::Open, 1, 0, QStringLiteral("Session 1 (MQTT 5.0) asks for keep-alive 60 s")),
        step(Action::Open, 2, 0, QStringLiteral("Session 2 (MQTT 5.0) asks for keep-alive 0")),
        step(Action::Wait, 1, 500, QStringLiteral("Both stay for 0.5 s")),
    };
    lesson.observations = {
        connectedWithKeepAlive(1, 10, KeepAliveSource::Broker),
        connectedWithKeepAlive(2, 10, KeepAliveSource::Broker),
    };
    return lesson;
}

} // namespace

QList<Lesson> builtInLessons()
{
    // In teaching order (issue 7's numbering).
    QList<Lesson> lessons{heartbeat(), trafficIsAHeartbeat(), receivingIsNotEnough()};
    lessons << keepAliveZero() << silentClient() << halfOpen() << takeOver() << brokerDecides();
    lessons << willsAndGoodbyes();
    lessons << choosingAKeepAlive();
    return lessons;
}

std::optional<Lesson> findLesson(const QString &id)
{
    for (const Lesson &lesson : builtInLessons()) {
        if (lesson.id == id)
            return lesson;
    }
    return std::nullopt;
}

} // namespace PingScope
