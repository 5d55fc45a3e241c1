#include "lessonchecks.h"

#include "lessons/lessoncheckhelpers.h"

#include "protocol/packettype.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace PingScope::LessonChecks {

using namespace Detail;

using Protocol::PacketType;

Observation pingsEveryKeepAlive(int session, int keepAliveSeconds, Window window, int minimumPings)
{
    Observation observation;
    observation.id = QStringLiteral("pings-every-keep-alive");
    observation.description =
        QStringLiteral("The idle session sends a PINGREQ every %1 s").arg(keepAliveSeconds);
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const Span span = spanOf(record, window);
        const QList<Event> pings = select(record, session, span, isSentPing);
        const QString tolerance =
            QStringLiteral("expected at least %1, each %2 s after the last (%3 to %4)")
                .arg(minimumPings)
                .arg(keepAliveSeconds)
                .arg(durationText(secondsNs(keepAliveSeconds - PingEarlySeconds)),
                     durationText(secondsNs(keepAliveSeconds + PingLateSeconds)));
        if (pings.size() < minimumPings)
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("only %1 PINGREQ in %2 of idle time")
                               .arg(pings.size())
                               .arg(durationText(span.to - span.from)),
                           QStringLiteral("%1 PINGREQ").arg(pings.size()), tolerance,
                           double(pings.size()));
        qint64 shortest = std::numeric_limits<qint64>::max();
        qint64 longest = 0;
        for (qsizetype i = 1; i < pings.size(); ++i) {
            const qint64 gap = pings.at(i).timeNs - pings.at(i - 1).timeNs;
            shortest = std::min(shortest, gap);
            longest = std::max(longest, gap);
        }
        const bool inside = shortest >= secondsNs(keepAliveSeconds - PingEarlySeconds) &&
                            longest <= secondsNs(keepAliveSeconds + PingLateSeconds);
        const QString range =
            durationText(shortest) == durationText(longest)
                ? durationText(shortest)
                : QStringLiteral("%1 to %2").arg(durationText(shortest), durationText(longest));
        const QString figure = QStringLiteral("%1 PINGREQ, %2 apart").arg(pings.size()).arg(range);
        const QString text =
            inside ? QStringLiteral("the session sent a PINGREQ every %1 while idle").arg(range)
                   : QStringLiteral("the gaps between PINGREQ ranged from %1 to %2, not %3 s")
                         .arg(durationText(shortest), durationText(longest))
                         .arg(keepAliveSeconds);
        return outcome(inside ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
                       text, figure, tolerance, toSeconds(longest));
    };
    return observation;
}

Observation pingsAnswered(int session, Window window)
{
    Observation observation;
    observation.id = QStringLiteral("pings-answered");
    observation.description =
        QStringLiteral("The broker answers every PINGREQ with a PINGRESP; the round trip is "
                       "measured");
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const QString tolerance = QStringLiteral("expected one PINGRESP per PINGREQ");
        const QList<Event> pings = select(record, session, spanOf(record, window), isSentPing);
        if (pings.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("no PINGREQ was sent, so none could be answered"),
                           QStringLiteral("0 PINGREQ"), tolerance, 0);
        QList<qint64> rtts;
        int unanswered = 0;
        for (qsizetype i = 0; i < pings.size(); ++i) {
            const qint64 sent = pings.at(i).timeNs;
            const qint64 next = i + 1 < pings.size() ? pings.at(i + 1).timeNs : record.endNs;
            const QList<Event> answers = select(record, session, {sent, next}, [](const Event &e) {
                return e.isPacket(PacketType::Pingresp, Direction::Received);
            });
            if (!answers.isEmpty())
                rtts.append(answers.constFirst().valueNs);
            else if (next != record.endNs || record.endNs - sent > NsPerSecond)
                ++unanswered; // a PINGREQ sent in the run's last second may still be answered
        }
        if (rtts.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("none of %1 PINGREQ was answered").arg(pings.size()),
                           QStringLiteral("0 PINGRESP"), tolerance, 0);
        std::sort(rtts.begin(), rtts.end());
        const qint64 median = rtts.at(rtts.size() / 2);
        const QString figure = QStringLiteral("%1 PINGRESP, RTT median %2, largest %3")
                                   .arg(rtts.size())
                                   .arg(durationText(median), durationText(rtts.constLast()));
        if (unanswered > 0)
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("%1 of %2 PINGREQ got no PINGRESP")
                               .arg(unanswered)
                               .arg(pings.size()),
                           figure, tolerance, toSeconds(median));
        return outcome(ObservationVerdict::Observed,
                       QStringLiteral("each PINGREQ got its PINGRESP after %1 (median)")
                           .arg(durationText(median)),
                       figure, tolerance, toSeconds(median));
    };
    return observation;
}

Observation noPings(int session, Window window, const QString &why)
{
    Observation observation;
    observation.id = QStringLiteral("no-pings");
    observation.description = QStringLiteral("No PINGREQ while %1").arg(why);
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const Span span = spanOf(record, window);
        const auto pings = select(record, session, span, isSentPing);
        const auto publishes = select(record, session, span, [](const Event &e) {
            return e.isPacket(PacketType::Publish, Direction::Sent);
        });
        const QString figure = QStringLiteral("%1 PINGREQ in %2 (%3 PUBLISH sent)")
                                   .arg(pings.size())
                                   .arg(durationText(span.to - span.from))
                                   .arg(publishes.size());
        const QString tolerance = QStringLiteral("expected 0 PINGREQ");
        if (!pings.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("the session still sent %1 PINGREQ while %2")
                               .arg(pings.size())
                               .arg(why),
                           figure, tolerance, double(pings.size()));
        return outcome(
            ObservationVerdict::Observed,
            QStringLiteral("no PINGREQ in %1 while %2").arg(durationText(span.to - span.from), why),
            figure, tolerance, 0);
    };
    return observation;
}

Observation pingsResume(int session, int keepAliveSeconds, const QString &fromMark)
{
    Observation observation;
    observation.id = QStringLiteral("pings-resume");
    observation.description =
        QStringLiteral("Once the session falls silent, PINGREQ resumes %1 s after its last "
                       "packet")
            .arg(keepAliveSeconds);
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, {fromMark, {}});
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const Span span{record.markNs(fromMark, record.endNs), record.endNs};
        const QString tolerance =
            QStringLiteral("expected %1 s after the last packet sent (%2 to %3)")
                .arg(keepAliveSeconds)
                .arg(durationText(secondsNs(keepAliveSeconds - PingEarlySeconds)),
                     durationText(secondsNs(keepAliveSeconds + PingLateSeconds)));
        const auto pings = select(record, session, span, isSentPing);
        if (pings.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("no PINGREQ in the %1 after \"%2\"")
                               .arg(durationText(span.to - span.from), fromMark),
                           QStringLiteral("0 PINGREQ"), tolerance, 0);
        const qint64 pingNs = pings.constFirst().timeNs;
        const auto before = select(record, session, {record.startNs, pingNs - 1},
                                   [](const Event &e) { return e.direction == Direction::Sent; });
        if (before.isEmpty())
            return outcome(ObservationVerdict::NotApplicable,
                           QStringLiteral("the session sent nothing before its PINGREQ"));
        const qint64 gap = pingNs - before.constLast().timeNs;
        const bool inside = gap >= secondsNs(keepAliveSeconds - PingEarlySeconds) &&
                            gap <= secondsNs(keepAliveSeconds + PingLateSeconds);
        const QString last = Protocol::packetTypeName(before.constLast().packetType);
        return outcome(inside ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
                       QStringLiteral("the first PINGREQ came %1 after the last %2 sent")
                           .arg(durationText(gap), last),
                       durationText(gap), tolerance, toSeconds(gap));
    };
    return observation;
}

Observation connectedWithKeepAlive(int session, int keepAliveSeconds, KeepAliveSource from)
{
    Observation observation;
    observation.id = session == 1 ? QStringLiteral("keep-alive-in-use")
                                  : QStringLiteral("keep-alive-in-use-%1").arg(session);
    observation.description =
        keepAliveSeconds == 0
            ? QStringLiteral("Session %1 runs with keep-alive 0 (off)").arg(session)
            : QStringLiteral("Session %1 runs with keep-alive %2 s")
                  .arg(session)
                  .arg(keepAliveSeconds);
    if (from == KeepAliveSource::Broker)
        observation.description += QStringLiteral(", the broker's Server Keep Alive");
    observation.check = [=](const LessonRecord &record) {
        const auto connected =
            select(record, session, {record.startNs, record.endNs},
                   [](const Event &e) { return e.kind == EventKind::Connected; });
        if (connected.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, whyNotApplicable(record, session));
        const Event &event = connected.constFirst();
        const QString source = event.keepAliveFromServer
                                   ? QStringLiteral("set by the broker (Server Keep Alive)")
                                   : QStringLiteral("as the client asked");
        const bool sameSource = from == KeepAliveSource::Either ||
                                event.keepAliveFromServer == (from == KeepAliveSource::Broker);
        const bool same = event.keepAlive == keepAliveSeconds && sameSource;
        const QString expected =
            from == KeepAliveSource::Broker
                ? QStringLiteral("expected %1 s from the broker (its max_keepalive)")
                      .arg(keepAliveSeconds)
                : QStringLiteral("expected %1 s").arg(keepAliveSeconds);
        return outcome(same ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
                       QStringLiteral("the session connected with keep-alive %1 s, %2")
                           .arg(event.keepAlive)
                           .arg(source),
                       QStringLiteral("%1 s").arg(event.keepAlive), expected,
                       double(event.keepAlive));
    };
    return observation;
}

Observation stayedConnected(int session, Window window)
{
    Observation observation;
    observation.id = QStringLiteral("stayed-connected");
    observation.description = QStringLiteral("The connection stays up");
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const Span span = spanOf(record, window);
        const auto ends = select(record, session, span, isLinkEnd);
        const QString tolerance = QStringLiteral("expected no closed-by-broker or ping-timeout");
        if (!ends.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("the connection ended %1 into the window: %2")
                               .arg(durationText(ends.constFirst().timeNs - span.from),
                                    ends.constFirst().summary()),
                           durationText(ends.constFirst().timeNs - span.from), tolerance,
                           toSeconds(ends.constFirst().timeNs - span.from));
        return outcome(ObservationVerdict::Observed,
                       QStringLiteral("the connection stayed up for %1")
                           .arg(durationText(span.to - span.from)),
                       durationText(span.to - span.from), tolerance,
                       toSeconds(span.to - span.from));
    };
    return observation;
}

Observation brokerDroppedSilentClient(int session, int keepAliveSeconds)
{
    Observation observation;
    observation.id = QStringLiteral("broker-drops-silent-client");
    observation.description =
        QStringLiteral("The broker closes a session that has been silent for 1.5 x keep-alive "
                       "([MQTT-3.1.2-24] 3.1.1, [MQTT-3.1.2-22] 5.0)");
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const double lower = 1.5 * keepAliveSeconds;
        const double upper = lower + MosquittoLateDropSeconds;
        const QString tolerance =
            QStringLiteral("expected >= %1 = 1.5 x %2 s; mosquitto checks about every 5 s in "
                           "whole seconds, so up to ~%3")
                .arg(durationText(secondsNs(lower)))
                .arg(keepAliveSeconds)
                .arg(durationText(secondsNs(upper)));
        const auto closes =
            select(record, session, {record.startNs, record.endNs},
                   [](const Event &e) { return e.kind == EventKind::ClosedByBroker; });
        if (closes.isEmpty()) {
            const auto sent = select(record, session, {record.startNs, record.endNs},
                                     [](const Event &e) { return e.direction == Direction::Sent; });
            const qint64 silence = sent.isEmpty() ? -1 : record.endNs - sent.constLast().timeNs;
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("the broker had not closed the session when the run "
                                          "ended, %1 after its last packet")
                               .arg(durationText(silence)),
                           QStringLiteral("not closed"), tolerance);
        }
        const qint64 silence = closes.constFirst().valueNs;
        const double seconds = toSeconds(silence);
        const QString figure = durationText(silence);
        if (seconds < lower) {
            // A broker counting whole seconds computes 1.5 x an odd keep-alive half a
            // second short (KeepAlive::earliestBrokerDropSilenceNs): say so, still early.
            const int rounded = keepAliveSeconds * 3 / 2;
            const QString why =
                seconds > rounded
                    ? QStringLiteral("; it counts whole seconds and took 1.5 x %1 s as %2 s")
                          .arg(keepAliveSeconds)
                          .arg(rounded)
                    : QString();
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("the broker closed the session after only %1 of "
                                          "silence, before 1.5 x keep-alive%2: %3")
                               .arg(figure, why, closes.constFirst().text),
                           figure, tolerance, seconds);
        }
        if (seconds > upper)
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("the broker closed the silent session only after %1, "
                                          "later than even mosquitto's coarse check explains")
                               .arg(figure),
                           figure, tolerance, seconds);
        return outcome(ObservationVerdict::Observed,
                       QStringLiteral("the broker closed the silent session after %1 of "
                                      "silence (%2 past the 1.5 x keep-alive deadline)")
                           .arg(figure, durationText(silence - secondsNs(lower))),
                       figure, tolerance, seconds);
    };
    return observation;
}

Observation willReceived(int watcher, int owner)
{
    Observation observation;
    observation.id = QStringLiteral("will-published");
    observation.description =
        QStringLiteral("The broker publishes the dropped session's will; the watcher receives "
                       "it");
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicableToEither(record, owner, watcher);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const QString tolerance =
            QStringLiteral("expected once the broker drops session %1").arg(owner);
        const auto wills =
            select(record, watcher, {record.startNs, record.endNs}, [owner](const Event &e) {
                return e.kind == EventKind::WillReceived && e.otherSession == owner;
            });
        if (wills.isEmpty())
            return outcome(
                ObservationVerdict::NotObserved,
                QStringLiteral("no will of session %1 reached session %2").arg(owner).arg(watcher),
                QStringLiteral("no will"), tolerance);
        const Event &will = wills.constFirst();
        if (will.valueNs >= 0)
            return outcome(ObservationVerdict::Observed,
                           QStringLiteral("the will reached session %1 %2 after session %3 "
                                          "lost its link")
                               .arg(watcher)
                               .arg(durationText(will.valueNs))
                               .arg(owner),
                           durationText(will.valueNs), tolerance, toSeconds(will.valueNs));
        // The will can overtake the news of the close: the broker publishes it as it drops
        // the owner, and the watcher may read it before the owner reads its socket's end.
        const auto ends = select(record, owner, {record.startNs, record.endNs}, isLinkEnd);
        if (ends.isEmpty())
            return outcome(ObservationVerdict::Observed,
                           QStringLiteral("the will reached session %1, though session %2 "
                                          "never saw its link end")
                               .arg(watcher)
                               .arg(owner),
                           QStringLiteral("received"), tolerance);
        const qint64 delta = will.timeNs - ends.constFirst().timeNs;
        return outcome(ObservationVerdict::Observed,
                       QStringLiteral("the will reached session %1 %2 %3 session %4 saw its "
                                      "link end")
                           .arg(watcher)
                           .arg(durationText(std::abs(delta)),
                                delta < 0 ? QStringLiteral("before") : QStringLiteral("after"))
                           .arg(owner),
                       QStringLiteral("%1 %2 the close")
                           .arg(durationText(std::abs(delta)),
                                delta < 0 ? QStringLiteral("before") : QStringLiteral("after")),
                       tolerance, toSeconds(delta));
    };
    return observation;
}

} // namespace PingScope::LessonChecks
