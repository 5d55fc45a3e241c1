// The lessons about links that die: the half-open link and the take-over.

#include "lessons/lessonbuilders.h"
#include "lessons/lessonchecks.h"
#include "monitor/takeovertracker.h"

namespace PingScope::LessonBuilders {

using namespace LessonChecks;

Lesson halfOpen()
{
    Lesson lesson;
    lesson.id = QStringLiteral("half-open");
    lesson.title = QStringLiteral("The half-open link");
    lesson.explanation = QStringLiteral(
        "A link can die without either end being told: a cable pulled, a NAT entry expired. "
        "The socket stays open and silent: half-open. Keep-alive is what finds out. The "
        "client waits a reasonable time for its PINGRESP and closes when none comes (the "
        "standard names no figure; PingScope's ping timeout, here 1 s). The broker hears "
        "nothing for 1.5 x keep-alive, closes, and publishes the will (3.1.1 "
        "[MQTT-3.1.2-24], 5.0 [MQTT-3.1.2-22]): the client's close cannot cross the dead "
        "link either, so the broker finds out on its own. Here session 1 (keep-alive 1 s, a will) "
        "is black-holed: "
        "everything in and out is discarded while the socket stays open.");
    SessionSettings client = lessonSession(QStringLiteral("half-open"), 1);
    client.pingTimeoutMs = 1000;
    const Protocol::Will will = lessonWill(QStringLiteral("half-open"));
    client.will = will;
    lesson.sessions = {client, lessonSession(QStringLiteral("watcher"), 10)};
    LessonStep blackHole =
        step(Action::InjectFault, 1, 0, QStringLiteral("Session 1's link becomes a black hole"),
             QStringLiteral("black-holed"));
    blackHole.fault = FaultKind::BlackHole;
    lesson.steps = {
        step(Action::Open, 2, 0, QStringLiteral("Session 2, the watcher, connects")),
        withTopic(step(Action::Subscribe, 2, 0,
                       QStringLiteral("Session 2 subscribes to session 1's will")),
                  will.topic),
        step(Action::Open, 1, 0,
             QStringLiteral("Session 1 connects with keep-alive 1 s, ping timeout 1 s and a "
                            "will")),
        step(Action::Wait, 1, 500, QStringLiteral("It runs normally for 0.5 s")),
        blackHole,
        waitingFor(step(Action::WaitForEvent, 1, 5000,
                        QStringLiteral("Session 1 notices (waiting at most 5 s)")),
                   QStringLiteral("ping-timeout")),
        waitingFor(step(Action::WaitForEvent, 2, 10000,
                        QStringLiteral("Session 2 receives the will (waiting at most 10 s)")),
                   QStringLiteral("will-received")),
    };
    lesson.observations = {pingTimeoutDetected(1, 1, 1000, QStringLiteral("black-holed")),
                           willReceived(2, 1), whichSideNoticedFirst(1, 2)};
    return lesson;
}

namespace {

// One of two clients that want the same ID and get it back after every take-over, quickly
// (no jitter, 0.3 s) so the fight is over in about a second.
SessionSettings fighter()
{
    SessionSettings settings = lessonSession(QStringLiteral("fought-over"), 10);
    settings.reconnect.enabled = true;
    settings.reconnect.afterTakeover = true;
    settings.reconnect.initialDelayMs = 300;
    settings.reconnect.maximumDelayMs = 300;
    settings.reconnect.jitter = 0;
    return settings;
}

} // namespace

Lesson takeOver()
{
    Lesson lesson;
    lesson.id = QStringLiteral("take-over");
    lesson.title = QStringLiteral("Client take-over");
    lesson.explanation =
        QStringLiteral(
            "A client ID names one connection. When a second connection arrives with an ID "
            "already connected, the broker must close the first (3.1.1 [MQTT-3.1.4-2], 5.0 "
            "[MQTT-3.1.4-3]). A 5.0 broker may say why with DISCONNECT 0x8E 'session taken "
            "over'; mosquitto before 2.0.15 and every 3.1.1 broker just close the socket, and "
            "PingScope infers the take-over. The first connection ended without DISCONNECT, so "
            "its will is published. Two clients that both reconnect automatically, even after a "
            "take-over, knock each other off forever; PingScope calls it flapping once an ID is "
            "taken over %1 times within %2 s, and the session taken over last stops "
            "reconnecting. (By default a PingScope session does not reconnect after a "
            "take-over at all; sessions 4 and 5 are set to, to show the fight.)")
            .arg(TakeoverTracker::FlappingCount)
            .arg(TakeoverTracker::FlappingPeriodNs / 1'000'000'000);
    SessionSettings first = lessonSession(QStringLiteral("shared-id"), 10);
    const Protocol::Will will = lessonWill(QStringLiteral("first"));
    first.will = will;
    SessionSettings second = lessonSession(QStringLiteral("shared-id"), 10);
    lesson.sessions = {first, second, lessonSession(QStringLiteral("watcher"), 10), fighter(),
                       fighter()};
    lesson.steps = {
        step(Action::Open, 3, 0, QStringLiteral("Session 3, the watcher, connects")),
        withTopic(step(Action::Subscribe, 3, 0,
                       QStringLiteral("Session 3 subscribes to session 1's will")),
                  will.topic),
        step(Action::Open, 1, 0, QStringLiteral("Session 1 connects, with a will")),
        step(Action::Wait, 1, 500, QStringLiteral("It runs for 0.5 s")),
        step(Action::Open, 2, 0, QStringLiteral("Session 2 connects with the same client ID"),
             QStringLiteral("second")),
        waitingFor(step(Action::WaitForEvent, 1, 3000,
                        QStringLiteral("Session 1 is taken over (waiting at most 3 s)")),
                   QStringLiteral("taken-over")),
        waitingFor(step(Action::WaitForEvent, 3, 3000,
                        QStringLiteral("Session 3 receives the will (waiting at most 3 s)")),
                   QStringLiteral("will-received")),
        step(Action::Wait, 2, 1000, QStringLiteral("Session 2 stays for 1 s"),
             QStringLiteral("settled")),
        step(Action::Open, 4, 0,
             QStringLiteral("Session 4 connects, reconnecting even after a take-over")),
        step(Action::Open, 5, 0, QStringLiteral("Session 5 does the same with the same client ID"),
             QStringLiteral("fighting")),
        waitingFor(step(Action::WaitForEvent, 4, 8000,
                        QStringLiteral("They take each other over until session 4 declares "
                                       "flapping (waiting at most 8 s)")),
                   QStringLiteral("takeover-flapping")),
        step(Action::Wait, 5, 1500,
             QStringLiteral("Session 5 stays for 1.5 s: session 4 no longer reconnects"),
             QStringLiteral("fight-over")),
    };
    lesson.observations = {takenOverBy(1, 2), willReceived(3, 1),
                           stayedConnected(2, {QStringLiteral("second"), {}}),
                           flappingStopped(4, 5, QStringLiteral("fighting"))};
    return lesson;
}

} // namespace PingScope::LessonBuilders
