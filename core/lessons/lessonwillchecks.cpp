#include "lessonwillchecks.h"

#include "lessons/lessoncheckhelpers.h"
#include "protocol/codec.h"

namespace PingScope::LessonChecks {

using namespace Detail;

namespace {

bool isWillOf(const Event &event, int owner)
{
    return event.kind == EventKind::WillReceived && event.otherSession == owner;
}

// `topic` is the run's instance of `pattern`, whose "%run%" stands for the run's token.
bool topicMatches(const QString &topic, const QString &pattern)
{
    const qsizetype token = pattern.indexOf(QStringLiteral("%run%"));
    if (token < 0)
        return topic == pattern;
    const QString head = pattern.left(token);
    const QString tail = pattern.mid(token + 5);
    return topic.size() > head.size() + tail.size() && topic.startsWith(head) &&
           topic.endsWith(tail);
}

// Session Present of a received CONNACK event; nothing for other events or broken bytes.
std::optional<bool> sessionPresent(const Event &event)
{
    if (!event.isPacket(PacketType::Connack, Direction::Received))
        return std::nullopt;
    const Protocol::DecodeResult result =
        Protocol::decodePacket(event.raw, Protocol::DecodeOptions{event.version});
    if (!result.ok())
        return std::nullopt;
    const auto *connack = std::get_if<Protocol::ConnackPacket>(&result.decoded.packet);
    return connack ? std::optional<bool>(connack->sessionPresent) : std::nullopt;
}

QString afterMark(qint64 ns, const QString &mark)
{
    return QStringLiteral("%1 after \"%2\"").arg(durationText(ns), mark);
}

// Why a will window cannot be judged: the owner or the watcher never connected, or the run
// never reached the window's mark. Empty when it can.
QString whyWindowNotApplicable(const LessonRecord &record, const WillWindow &window)
{
    const QString na = whyNotApplicableToEither(record, window.owner, window.watcher);
    return na.isEmpty() ? whyNotApplicable(record, window.owner, {window.fromMark, {}}) : na;
}

} // namespace

Observation willArrivesBetween(const WillWindow &window, double earliestSeconds,
                               double latestSeconds, const QString &why)
{
    Observation observation;
    observation.id = window.id;
    observation.description = window.description;
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyWindowNotApplicable(record, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const QString bounds =
            earliestSeconds > 0
                ? QStringLiteral("%1 to %2")
                      .arg(durationText(secondsNs(earliestSeconds)),
                           durationText(secondsNs(latestSeconds)))
                : QStringLiteral("within %1").arg(durationText(secondsNs(latestSeconds)));
        const QString tolerance =
            QStringLiteral("expected %1 after \"%2\": %3").arg(bounds, window.fromMark, why);
        const qint64 from = record.markNs(window.fromMark, record.endNs);
        const auto wills = select(record, window.watcher, {from, record.endNs},
                                  [&window](const Event &e) { return isWillOf(e, window.owner); });
        if (wills.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("no will of session %1 reached session %2 in the %3")
                               .arg(window.owner)
                               .arg(window.watcher)
                               .arg(afterMark(record.endNs - from, window.fromMark)),
                           QStringLiteral("no will"), tolerance);
        const qint64 after = wills.constFirst().timeNs - from;
        const double seconds = toSeconds(after);
        const bool inside = seconds >= earliestSeconds && seconds <= latestSeconds;
        const QString when = afterMark(after, window.fromMark);
        const QString text = inside ? QStringLiteral("the will of session %1 reached session %2 %3")
                                          .arg(window.owner)
                                          .arg(window.watcher)
                                          .arg(when)
                             : seconds < earliestSeconds
                                 ? QStringLiteral("the will of session %1 arrived too early: %2")
                                       .arg(window.owner)
                                       .arg(when)
                                 : QStringLiteral("the will of session %1 arrived late: %2")
                                       .arg(window.owner)
                                       .arg(when);
        return outcome(inside ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
                       text, durationText(after), tolerance, seconds);
    };
    return observation;
}

Observation noWillWithin(const WillWindow &window, const QString &willTopic, double windowSeconds,
                         const QString &why)
{
    Observation observation;
    observation.id = window.id;
    observation.description = window.description;
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyWindowNotApplicable(record, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const QString tolerance =
            QStringLiteral("expected nothing on the will topic for %1 "
                           "after \"%2\": %3")
                .arg(durationText(secondsNs(windowSeconds)), window.fromMark, why);
        const qint64 from = record.markNs(window.fromMark, record.endNs);
        // A will the session tracker does not attribute (it forgets a will at a normal
        // DISCONNECT) still counts: any message on the topic is the broker's doing.
        const auto arrived =
            select(record, window.watcher, {from, record.endNs}, [&](const Event &e) {
                if (isWillOf(e, window.owner))
                    return true;
                if (!e.isPacket(PacketType::Publish, Direction::Received))
                    return false;
                const auto message = e.publish();
                return message && topicMatches(message->topic, willTopic);
            });
        if (!arrived.isEmpty()) {
            const qint64 after = arrived.constFirst().timeNs - from;
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("the will of session %1 was published: it reached "
                                          "session %2 %3")
                               .arg(window.owner)
                               .arg(window.watcher)
                               .arg(afterMark(after, window.fromMark)),
                           QStringLiteral("will after %1").arg(durationText(after)), tolerance,
                           toSeconds(after));
        }
        const qint64 watched = record.endNs - from;
        const QString figure = QStringLiteral("no will in %1").arg(durationText(watched));
        if (watched < secondsNs(windowSeconds))
            return outcome(ObservationVerdict::NotApplicable,
                           QStringLiteral("the run ended %1, before the window was over")
                               .arg(afterMark(watched, window.fromMark)),
                           figure, tolerance, toSeconds(watched));
        return outcome(ObservationVerdict::Observed,
                       QStringLiteral("nothing reached session %1 on session %2's will topic in "
                                      "the %3")
                           .arg(window.watcher)
                           .arg(window.owner)
                           .arg(afterMark(watched, window.fromMark)),
                       figure, tolerance, toSeconds(watched));
    };
    return observation;
}

Observation sessionResumedWithin(const QString &id, int session, const QString &fromMark,
                                 double withinSeconds)
{
    Observation observation;
    observation.id = id;
    observation.description =
        QStringLiteral("Session %1 reconnects with Clean Start 0 within the will delay and the "
                       "broker resumes its session")
            .arg(session);
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, {fromMark, {}});
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const QString tolerance =
            QStringLiteral("expected within %1 of \"%2\", with Session Present 1")
                .arg(durationText(secondsNs(withinSeconds)), fromMark);
        const qint64 from = record.markNs(fromMark, record.endNs);
        const auto connacks = select(record, session, {from, record.endNs}, [](const Event &e) {
            return e.isPacket(PacketType::Connack, Direction::Received);
        });
        if (connacks.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("session %1 did not connect again after \"%2\"")
                               .arg(session)
                               .arg(fromMark),
                           QStringLiteral("no reconnect"), tolerance);
        const qint64 after = connacks.constFirst().timeNs - from;
        const std::optional<bool> present = sessionPresent(connacks.constFirst());
        const QString figure =
            QStringLiteral("%1, Session Present %2")
                .arg(durationText(after),
                     present ? QString::number(int(*present)) : QStringLiteral("unknown"));
        if (!present.value_or(false))
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("session %1 connected again %2, but the broker did "
                                          "not resume its session")
                               .arg(session)
                               .arg(afterMark(after, fromMark)),
                           figure, tolerance, toSeconds(after));
        const bool inTime = after <= secondsNs(withinSeconds);
        return outcome(
            inTime ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
            QStringLiteral("session %1 resumed its session %2%3")
                .arg(session)
                .arg(afterMark(after, fromMark), inTime ? QString() : QStringLiteral(", too late")),
            figure, tolerance, toSeconds(after));
    };
    return observation;
}

} // namespace PingScope::LessonChecks
