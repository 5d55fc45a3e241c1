// Lesson 10, "Choosing a keep-alive": the trade-off between detection time and traffic,
// tabulated from the rules and then measured on two idle sessions, and the seed of a
// keep-alive that adapts to the round trip the session measured.

#include "lessons/keepalivetradeoff.h"
#include "lessons/lessonbuilders.h"
#include "lessons/lessonchecks.h"

namespace PingScope::LessonBuilders {

using namespace LessonChecks;

namespace {

// The detection time the suggestion aims for: a dead link noticed within half a minute.
constexpr int TargetDetectionSeconds = 30;
constexpr int FastKeepAlive = 1;
constexpr int SlowKeepAlive = 2;
constexpr int PingTimeoutMs = 1000;
// Half a keep-alive past a whole number of pings, so the window's end falls between two
// pings of either session, not on one (timers fire a little late).
constexpr qint64 IdleMs = 6500;

// "7.5 s", "2 min", "30 min": a period as the table's reader thinks of it.
QString periodText(double seconds)
{
    if (seconds >= 60)
        return QString::number(seconds / 60, 'g', 3) + QStringLiteral(" min");
    return QString::number(seconds, 'g', 3) + QStringLiteral(" s");
}

// The default keep-alives' costs and detection times as a Markdown table, which reads as
// plain text too.
QString tradeoffTable()
{
    QString table = QStringLiteral(
        "| Keep-alive | Pings an hour | Bytes an hour | Client notices within | Broker drops "
        "after |\n|---|---|---|---|---|\n");
    for (const KeepAliveTradeoffRow &row : keepAliveTradeoff(defaultTradeoffKeepAlives(), 0)) {
        table += QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                     .arg(periodText(row.keepAliveSeconds), QString::number(row.pingsPerHour),
                          QString::number(row.bytesPerHour), periodText(row.clientDetectionSeconds),
                          periodText(row.brokerDetectionSeconds));
    }
    return table;
}

} // namespace

Lesson choosingAKeepAlive()
{
    Lesson lesson;
    lesson.id = QStringLiteral("choosing-a-keep-alive");
    lesson.title = QStringLiteral("Choosing a keep-alive");
    lesson.explanation =
        QStringLiteral(
            "A keep-alive buys detection and costs traffic. An idle client pings once per "
            "keep-alive (3.1.1 [MQTT-3.1.2-23], 5.0 [MQTT-3.1.2-20]), a PINGREQ and a PINGRESP "
            "of 2 bytes each ([MQTT-3.12.4-1]); on a metered radio link each ping also wakes "
            "the radio. In return the client notices a dead link within keep-alive + its "
            "PINGRESP timeout, and the broker drops a silent client after at least 1.5 x "
            "keep-alive (3.1.1 [MQTT-3.1.2-24], 5.0 [MQTT-3.1.2-22]), later on its own "
            "schedule. Halving the keep-alive doubles the pings and halves the wait. With the "
            "timeout at one keep-alive (PingScope's default):\n\n") +
        tradeoffTable() +
        QStringLiteral(
            "\nThe timeout need not be a whole keep-alive: it only has to outlast a slow round "
            "trip. Fit it to the round trip the session measures, and the keep-alive can be "
            "the rest of the detection time you want: the seed of a client that adapts its "
            "keep-alive to the network (a 5.0 broker may still impose its own, "
            "[MQTT-3.2.2-21]). Here two idle sessions, keep-alive %1 s and %2 s with a %3 s "
            "timeout, ping for %4 s; their links are then black-holed; and from the round "
            "trips they measured a keep-alive is suggested for detection within %5 s.")
            .arg(FastKeepAlive)
            .arg(SlowKeepAlive)
            .arg(PingTimeoutMs / 1000)
            .arg(QString::number(IdleMs / 1000.0))
            .arg(TargetDetectionSeconds);

    SessionSettings fast = lessonSession(QStringLiteral("fast"), FastKeepAlive);
    fast.pingTimeoutMs = PingTimeoutMs;
    SessionSettings slow = lessonSession(QStringLiteral("slow"), SlowKeepAlive);
    slow.pingTimeoutMs = PingTimeoutMs;
    lesson.sessions = {fast, slow};

    LessonStep blackHoleFast =
        step(Action::InjectFault, 1, 0, QStringLiteral("Session 1's link becomes a black hole"),
             QStringLiteral("black-holed"));
    blackHoleFast.fault = FaultKind::BlackHole;
    LessonStep blackHoleSlow =
        step(Action::InjectFault, 2, 0, QStringLiteral("... and session 2's"),
             QStringLiteral("black-holed-2"));
    blackHoleSlow.fault = FaultKind::BlackHole;
    lesson.steps = {
        step(Action::Open, 1, 0,
             QStringLiteral("Session 1 connects with keep-alive %1 s, ping timeout %2 s")
                 .arg(FastKeepAlive)
                 .arg(PingTimeoutMs / 1000)),
        step(Action::Open, 2, 0,
             QStringLiteral("Session 2 connects with keep-alive %1 s, ping timeout %2 s")
                 .arg(SlowKeepAlive)
                 .arg(PingTimeoutMs / 1000)),
        step(Action::Wait, 1, IdleMs,
             QStringLiteral("Both stay idle for %1 s").arg(QString::number(IdleMs / 1000.0)),
             QStringLiteral("idle")),
        blackHoleFast,
        blackHoleSlow,
        waitingFor(step(Action::WaitForEvent, 1, 4000,
                        QStringLiteral("Session 1 notices (waiting at most 4 s)")),
                   QStringLiteral("ping-timeout")),
        waitingFor(step(Action::WaitForEvent, 2, 5000,
                        QStringLiteral("Session 2 notices (waiting at most 5 s)")),
                   QStringLiteral("ping-timeout")),
    };

    const Window idle{QStringLiteral("idle"), QStringLiteral("black-holed")};
    // The half-open lesson's check, once per keep-alive; ids apart so both can be named.
    const auto detects = [](int session, int keepAlive, const QString &mark) {
        Observation detected = pingTimeoutDetected(session, keepAlive, PingTimeoutMs, mark);
        detected.id = QStringLiteral("client-detects-%1s").arg(keepAlive);
        detected.description =
            QStringLiteral("Session %1 (keep-alive %2 s) notices the dead link within "
                           "keep-alive + timeout")
                .arg(session)
                .arg(keepAlive);
        return detected;
    };
    const Observation fastDetects = detects(1, FastKeepAlive, QStringLiteral("black-holed"));
    const Observation slowDetects = detects(2, SlowKeepAlive, QStringLiteral("black-holed-2"));
    lesson.observations = {
        pingRateAsPredicted(1, FastKeepAlive, idle),
        pingRateAsPredicted(2, SlowKeepAlive, idle),
        roundTripMeasured({1, 2}, idle, 5),
        fastDetects,
        slowDetects,
        keepAliveSuggested({1, 2}, idle, TargetDetectionSeconds),
    };
    return lesson;
}

} // namespace PingScope::LessonBuilders
