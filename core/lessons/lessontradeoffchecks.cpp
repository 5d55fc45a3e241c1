// The checks of lesson 10, "Choosing a keep-alive" (what a keep-alive costs and buys, measured),
// and of the take-over lesson's flapping part.

#include "lessonchecks.h"

#include "lessons/keepalivetradeoff.h"
#include "lessons/lessoncheckhelpers.h"
#include "monitor/linkstatistics.h"
#include "monitor/takeovertracker.h"

#include <cmath>

namespace PingScope::LessonChecks {

using namespace Detail;

namespace {

QString whyNotApplicableToAny(const LessonRecord &record, const QList<int> &sessions,
                              const Window &window)
{
    for (int session : sessions) {
        const QString reason = whyNotApplicable(record, session, window);
        if (!reason.isEmpty())
            return reason;
    }
    return {};
}

// The round trips of `sessions` in the window, through the statistics the liveness panel and
// the CLI summary use, so the lesson's p50/p99 are the figures a user sees elsewhere.
LatencyHistogram roundTrips(const LessonRecord &record, const QList<int> &sessions,
                            const Window &window)
{
    const Span span = spanOf(record, window);
    LinkStatistics statistics;
    for (const Event &event : record.events) {
        if (sessions.contains(event.session) && span.contains(event.timeNs))
            statistics.add(event);
    }
    return statistics.roundTrip();
}

QString sessionsText(const QList<int> &sessions)
{
    QStringList numbers;
    for (int session : sessions)
        numbers << QString::number(session);
    return (sessions.size() == 1 ? QStringLiteral("session ") : QStringLiteral("sessions ")) +
           numbers.join(QStringLiteral(", "));
}

} // namespace

Observation pingRateAsPredicted(int session, int keepAliveSeconds, Window window)
{
    Observation observation;
    observation.id = QStringLiteral("ping-rate-%1s").arg(keepAliveSeconds);
    observation.description =
        QStringLiteral("An idle session with keep-alive %1 s pings at the predicted rate")
            .arg(keepAliveSeconds);
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicable(record, session, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const Span span = spanOf(record, window);
        const KeepAliveTradeoffRow row = keepAliveTradeoff({keepAliveSeconds}, 0).value(0);
        const double predicted = toSeconds(span.to - span.from) * row.pingsPerHour / 3600.0;
        // The window's two edges each cut a keep-alive period: one ping more or less. The
        // rate itself comes from the pings' own spacing, which the edges do not blur; timers
        // fire a little late, never early (the ping tolerance of pingsEveryKeepAlive()).
        const double slowest = 3600.0 / (keepAliveSeconds + PingLateSeconds);
        const double fastest = 3600.0 / (keepAliveSeconds - PingEarlySeconds);
        const QString tolerance =
            QStringLiteral("predicted %1 PINGREQ in the window (one either way for its edges) "
                           "at 3600 / %2 s = %3 an hour (%4 to %5 for timers' lateness), "
                           "%6 bytes an hour")
                .arg(QString::number(predicted, 'f', 1))
                .arg(keepAliveSeconds)
                .arg(std::round(row.pingsPerHour))
                .arg(std::round(slowest))
                .arg(std::round(fastest))
                .arg(std::round(row.bytesPerHour));
        const QList<Event> pings = select(record, session, span, isSentPing);
        if (pings.size() < 2)
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("session %1 sent %2 PINGREQ in %3 of idle time: too "
                                          "few for a rate")
                               .arg(session)
                               .arg(pings.size())
                               .arg(durationText(span.to - span.from)),
                           QStringLiteral("%1 PINGREQ").arg(pings.size()), tolerance, 0);
        const qint64 spacing =
            (pings.constLast().timeNs - pings.constFirst().timeNs) / (pings.size() - 1);
        const double perHour = 3600.0 / toSeconds(spacing);
        const bool countAsPredicted = std::abs(double(pings.size()) - predicted) <= 1.0;
        const bool rateAsPredicted = perHour >= slowest && perHour <= fastest;
        const QString figure = QStringLiteral("%1 PINGREQ in %2, one every %3 = %4 an hour")
                                   .arg(pings.size())
                                   .arg(durationText(span.to - span.from), durationText(spacing))
                                   .arg(std::round(perHour));
        const bool observed = countAsPredicted && rateAsPredicted;
        return outcome(observed ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
                       QStringLiteral("session %1 pinged %2 times an hour while idle, %3")
                           .arg(session)
                           .arg(std::round(perHour))
                           .arg(observed ? QStringLiteral("as predicted")
                                         : QStringLiteral("not the %1 predicted (%2 PINGREQ "
                                                          "where %3 fit the window)")
                                               .arg(std::round(row.pingsPerHour))
                                               .arg(pings.size())
                                               .arg(QString::number(predicted, 'f', 1))),
                       figure, tolerance, perHour);
    };
    return observation;
}

Observation roundTripMeasured(const QList<int> &sessions, Window window, int minimumSamples)
{
    Observation observation;
    observation.id = QStringLiteral("round-trip-measured");
    observation.description =
        QStringLiteral("The pings measure the link's round trip (p50 and p99)");
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicableToAny(record, sessions, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const LatencyHistogram rtt = roundTrips(record, sessions, window);
        const QString tolerance =
            QStringLiteral("expected at least %1 round trips; any time is fine: it is what "
                           "the suggestion is fitted to")
                .arg(minimumSamples);
        if (rtt.count() < minimumSamples)
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("only %1 PINGRESP came back").arg(rtt.count()),
                           QStringLiteral("%1 round trips").arg(rtt.count()), tolerance,
                           double(rtt.count()));
        const qint64 p50 = rtt.quantile(0.5);
        const qint64 p99 = rtt.quantile(0.99);
        const QString figure = QStringLiteral("p50 %1, p99 %2 over %3 round trips")
                                   .arg(durationText(p50), durationText(p99))
                                   .arg(rtt.count());
        return outcome(ObservationVerdict::Observed,
                       QStringLiteral("%1 measured a round trip of %2 (p50), %3 (p99)")
                           .arg(sessionsText(sessions), durationText(p50), durationText(p99)),
                       figure, tolerance, toSeconds(p99));
    };
    return observation;
}

Observation keepAliveSuggested(const QList<int> &sessions, Window window,
                               int targetDetectionSeconds)
{
    Observation observation;
    observation.id = QStringLiteral("keep-alive-suggested");
    observation.description =
        QStringLiteral("The measured round trip suggests a keep-alive for detection within %1 s")
            .arg(targetDetectionSeconds);
    observation.check = [=](const LessonRecord &record) {
        const QString na = whyNotApplicableToAny(record, sessions, window);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const LatencyHistogram rtt = roundTrips(record, sessions, window);
        const KeepAliveSuggestion suggestion =
            suggestKeepAlive(rtt.quantile(0.5), rtt.quantile(0.99), targetDetectionSeconds);
        const QString tolerance =
            QStringLiteral("expected a keep-alive of at least 1 s whose keep-alive + timeout "
                           "is within the %1 s target")
                .arg(targetDetectionSeconds);
        if (!suggestion.valid)
            return outcome(ObservationVerdict::NotObserved, suggestion.reasoning,
                           QStringLiteral("no suggestion"), tolerance);
        const bool meetsTarget = suggestion.detectionSeconds <= targetDetectionSeconds;
        const QString figure = QStringLiteral("keep-alive %1 s, timeout %2: detection within %3")
                                   .arg(suggestion.keepAliveSeconds)
                                   .arg(durationText(suggestion.pingTimeoutMs * 1'000'000),
                                        durationText(secondsNs(suggestion.detectionSeconds)));
        return outcome(meetsTarget ? ObservationVerdict::Observed : ObservationVerdict::NotObserved,
                       suggestion.reasoning, figure, tolerance,
                       double(suggestion.keepAliveSeconds));
    };
    return observation;
}

Observation flappingStopped(int first, int second, const QString &fromMark)
{
    Observation observation;
    observation.id = QStringLiteral("flapping-stopped");
    observation.description =
        QStringLiteral("Two sessions that reconnect after a take-over fight over the client ID "
                       "until flapping is declared and reconnecting stops");
    observation.check = [=](const LessonRecord &record) {
        QString na = whyNotApplicableToEither(record, first, second);
        if (na.isEmpty() && !record.marks.contains(fromMark))
            na = QStringLiteral("the run stopped before \"%1\"").arg(fromMark);
        if (!na.isEmpty())
            return outcome(ObservationVerdict::NotApplicable, na);
        const QString tolerance =
            QStringLiteral("expected flapping once %1 take-overs fall within %2 s (PingScope's "
                           "rule), then no more reconnects of the flapping session while the "
                           "other stays connected")
                .arg(TakeoverTracker::FlappingCount)
                .arg(TakeoverTracker::FlappingPeriodNs / NsPerSecond);
        const qint64 from = record.markNs(fromMark, record.endNs);
        const Span span{from, record.endNs};
        auto ofEither = [&](auto predicate) {
            QList<Event> events = select(record, first, span, predicate);
            events += select(record, second, span, predicate);
            std::sort(events.begin(), events.end(),
                      [](const Event &a, const Event &b) { return a.timeNs < b.timeNs; });
            return events;
        };
        const QList<Event> flapping =
            ofEither([](const Event &e) { return e.kind == EventKind::TakeoverFlapping; });
        const QList<Event> takeovers =
            ofEither([](const Event &e) { return e.kind == EventKind::TakenOver; });
        if (flapping.isEmpty())
            return outcome(ObservationVerdict::NotObserved,
                           QStringLiteral("%1 take-overs in %2 and no flapping declared")
                               .arg(takeovers.size())
                               .arg(durationText(record.endNs - from)),
                           QStringLiteral("%1 take-overs, no flapping").arg(takeovers.size()),
                           tolerance, double(takeovers.size()));
        const Event &declared = flapping.constFirst();
        const qsizetype until =
            std::count_if(takeovers.cbegin(), takeovers.cend(),
                          [&declared](const Event &e) { return e.timeNs <= declared.timeNs; });
        const int loser = declared.session;
        const int winner = loser == first ? second : first;
        const Span after{declared.timeNs + 1, record.endNs};
        const qsizetype reconnects = select(record, loser, after, [](const Event &e) {
                                         return e.kind == EventKind::Connected;
                                     }).size();
        const qsizetype winnerEnds = select(record, winner, after, isLinkEnd).size();
        const QString figure = QStringLiteral("%1 take-overs in %2")
                                   .arg(until)
                                   .arg(durationText(declared.timeNs - from));
        const bool stopped = reconnects == 0 && winnerEnds == 0;
        // Declared earlier than the rule says would be a bug of ours, not the broker's.
        const bool byTheRule = until >= TakeoverTracker::FlappingCount;
        QString text =
            QStringLiteral("flapping declared on session %1 after %2; ").arg(loser).arg(figure);
        if (!byTheRule)
            text += QStringLiteral("earlier than take-over number %1, which the rule waits for; ")
                        .arg(TakeoverTracker::FlappingCount);
        if (stopped)
            text += QStringLiteral("it stopped reconnecting and session %1 kept the client ID "
                                   "for the remaining %2")
                        .arg(winner)
                        .arg(durationText(record.endNs - declared.timeNs));
        else
            text += QStringLiteral("but session %1 connected %2 more times and session %3 lost "
                                   "its link %4 times")
                        .arg(loser)
                        .arg(reconnects)
                        .arg(winner)
                        .arg(winnerEnds);
        return outcome(stopped && byTheRule ? ObservationVerdict::Observed
                                            : ObservationVerdict::NotObserved,
                       text, figure, tolerance, double(until));
    };
    return observation;
}

} // namespace PingScope::LessonChecks
