#include "lessonchecks.h"

#include "lessons/lessoncheckhelpers.h"
#include "protocol/reasoncodes.h"

#include <cstdlib>

namespace PingScope::LessonChecks {

using namespace Detail;

namespace {

QList<Event> allOf(const LessonRecord &record, int session, EventKind kind)
{
    return select(record, session, {record.startNs, record.endNs},
                  [kind](const Event &e) { return e.kind == kind; });
}

QString beforeOrAfter(qint64 delta)
{
    return delta < 0 ? QStringLiteral("before") : QStringLiteral("after");
}

} // namespace

Observation messagesReceived(int session, Window window, int minimum)
{
    Observation observation;
    observation.id = QStringLiteral("messages-received");
    observation.description = QStringLiteral("Session %1 receives a steady stream").arg(session);
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const Span span = spanOf(record, window);
        const auto messages = select(record, session, span, [](const Event &e) {
            return e.isPacket(PacketType::Publish, Direction::Received);
        });
        const QString figure = QStringLiteral("%1 messages in %2")
                                   .arg(messages.size())
                                   .arg(durationText(span.to - span.from));
        const bool enough = messages.size() >= minimum;
        return outcome(enough ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
                       QStringLiteral("session %1 received %2").arg(session).arg(figure), figure,
                       QStringLiteral("expected at least %1").arg(minimum),
                       double(messages.size()));
    };
    return observation;
}

Observation pingTimeoutDetected(int session, int keepAliveSeconds, int pingTimeoutMs,
                                const QString &fromMark)
{
    Observation observation;
    observation.id = QStringLiteral("client-detects-half-open");
    observation.description =
        QStringLiteral("The client notices the missing PINGRESP and closes the link");
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, {fromMark, {}});
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const qint64 limitNs = qint64(keepAliveSeconds) * NsPerSecond +
                               qint64(pingTimeoutMs) * 1'000'000 + secondsNs(PingLateSeconds);
        const QString tolerance =
            QStringLiteral("expected within keep-alive + ping timeout = %1 s + %2 of the black "
                           "hole (a little more on a loaded machine: up to %3)")
                .arg(keepAliveSeconds)
                .arg(durationText(qint64(pingTimeoutMs) * 1'000'000), durationText(limitNs));
        const qint64 from = record.markNs(fromMark, record.endNs);
        const auto timeouts = select(record, session, {from, record.endNs}, [](const Event &e) {
            return e.kind == EventKind::PingTimeout;
        });
        if (timeouts.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("no ping-timeout in the %1 after the black hole")
                               .arg(durationText(record.endNs - from)),
                           QStringLiteral("none"), tolerance);
        const qint64 detected = timeouts.constFirst().timeNs - from;
        const bool inTime = detected <= limitNs;
        return outcome(
            inTime ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
            QStringLiteral("the client gave up %1 after the black hole, its PINGREQ "
                           "unanswered for %2")
                .arg(durationText(detected), durationText(timeouts.constFirst().valueNs)),
            durationText(detected), tolerance, toSeconds(detected));
    };
    return observation;
}

Observation whichSideNoticedFirst(int client, int watcher)
{
    Observation observation;
    observation.id = QStringLiteral("who-noticed-first");
    observation.description = QStringLiteral("Which side noticed the dead link first");
    observation.check = [=](const LessonRecord &record) {
        const auto timeouts = allOf(record, client, EventKind::PingTimeout);
        const auto wills =
            select(record, watcher, {record.startNs, record.endNs}, [client](const Event &e) {
                return e.kind == EventKind::WillReceived && e.otherSession == client;
            });
        if (timeouts.isEmpty() || wills.isEmpty())
            return outcome(ObservationVerdict::NotApplicable,
                           QStringLiteral("needs both the client's ping-timeout and the will"));
        const qint64 delta = wills.constFirst().timeNs - timeouts.constFirst().timeNs;
        // Through a dead link not even the client's close reaches the broker: the will
        // marks the moment the broker's own keep-alive check gave up on the client.
        const bool clientFirst = delta >= 0;
        const QString text =
            clientFirst
                ? QStringLiteral("the client noticed first; the broker published the will %1 "
                                 "later, when its own keep-alive check gave up")
                      .arg(durationText(delta))
                : QStringLiteral("the broker noticed first: the will arrived %1 before the "
                                 "client's ping-timeout")
                      .arg(durationText(-delta));
        return outcome(ObservationVerdict::Observed, text,
                       QStringLiteral("will %1 %2 the ping-timeout")
                           .arg(durationText(std::abs(delta)), beforeOrAfter(delta)),
                       QStringLiteral("either side may be first: the client after keep-alive "
                                      "+ timeout, mosquitto at 1.5 x keep-alive or up to ~%1 "
                                      "later")
                           .arg(durationText(secondsNs(MosquittoLateDropSeconds))),
                       toSeconds(delta));
    };
    return observation;
}

Observation takenOverBy(int session, int by)
{
    Observation observation;
    observation.id = QStringLiteral("taken-over");
    observation.description =
        QStringLiteral("A second connection with the same client ID takes the first over "
                       "(3.1.1 [MQTT-3.1.4-2], 5.0 [MQTT-3.1.4-3])");
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicableToEither(record, session, by);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const QString tolerance = QStringLiteral(
            "expected DISCONNECT 0x8E (5.0 brokers that send it, mosquitto >= 2.0.15) or a "
            "bare close (3.1.1, mosquitto 2.0.11)");
        const auto takeovers = allOf(record, session, EventKind::TakenOver);
        if (takeovers.isEmpty()) {
            const auto ends = select(record, session, {record.startNs, record.endNs}, isLinkEnd);
            return outcome(ObservationVerdict::NotObserved,
                           ends.isEmpty()
                               ? QStringLiteral("session %1 stayed connected").arg(session)
                               : QStringLiteral("session %1 ended otherwise: %2")
                                     .arg(session)
                                     .arg(ends.constFirst().summary()),
                           QStringLiteral("no take-over"), tolerance);
        }
        const Event &event = takeovers.constFirst();
        const auto connected = allOf(record, by, EventKind::Connected);
        const qint64 after =
            connected.isEmpty() ? -1 : event.timeNs - connected.constFirst().timeNs;
        // "0x8E (Session taken over)": the code and the standard's name for it.
        const QString reason =
            event.hasReasonCode
                ? QStringLiteral("0x%1 (%2)")
                      .arg(Protocol::hexByte(event.reasonCode),
                           Protocol::reasonCodeName(PacketType::Disconnect, event.reasonCode))
                : QString();
        const QString how =
            event.hasReasonCode
                ? QStringLiteral("with DISCONNECT %1").arg(reason)
                : QStringLiteral("with a bare close, no DISCONNECT: PingScope inferred it");
        const bool byThatSession = event.otherSession == by;
        // Both ends of the same broker decision: they land within a millisecond or so, in
        // either order.
        const QString when =
            after < 1'000'000
                ? QStringLiteral("as session %1 connected").arg(by)
                : QStringLiteral("%1 after session %2 connected").arg(durationText(after)).arg(by);
        return outcome(
            byThatSession ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
            QStringLiteral("the broker closed session %1 %2, %3%4")
                .arg(session)
                .arg(how, when,
                     byThatSession ? QString() : QStringLiteral("; but not attributed to it")),
            event.hasReasonCode ? reason : QStringLiteral("bare close"), tolerance,
            toSeconds(after));
    };
    return observation;
}

} // namespace PingScope::LessonChecks
