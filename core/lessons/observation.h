#pragma once

#include "monitor/event.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace PingScope {

// What a lesson run recorded, as its observations read it. Events carry the lesson's session
// numbers (1 = the lesson's first session, ...), not the process's, in `session` and
// `otherSession`, so the checks can be tested on scripted events without a broker.
struct LessonRecord
{
    QList<Event> events;
    // Named points in time (LessonStep::mark): e.g. "paused" when the pings were paused.
    QHash<QString, qint64> marks;
    qint64 startNs = 0;
    qint64 endNs = 0;

    // The time of `mark`, or `fallback` when the run never got there.
    qint64 markNs(const QString &mark, qint64 fallback) const
    {
        return marks.value(mark, fallback);
    }
};

enum class ObservationVerdict : quint8 {
    Observed,      // the broker and the client did what the lesson explains
    NotObserved,   // they did something else: the text says what
    NotApplicable, // the run never reached the point where it could be seen (e.g. no connection)
};

// "observed", "not-observed", "not-applicable": stable names for JSON and scripts.
QString verdictName(ObservationVerdict verdict);

// The outcome of one observation: the verdict, the measured figure and the tolerance it was
// judged by, and one sentence that says what happened, failure included.
struct ObservationOutcome
{
    ObservationVerdict verdict = ObservationVerdict::NotApplicable;
    QString figure;       // "4.02 s", "0 PINGREQ in 4.0 s"; empty when nothing was measured
    QString tolerance;    // "expected >= 3.00 s = 1.5 x 2 s; mosquitto checks every ~5 s, ..."
    QString text;         // what happened, in words
    double measured = -1; // the main figure as a number (seconds or a count); -1: none
};

// One thing a lesson expects to see, and how to check it against the record.
struct Observation
{
    QString id;          // "pings-every-keep-alive": stable, for tests and JSON
    QString description; // "An idle session sends PINGREQ about every keep-alive"
    std::function<ObservationOutcome(const LessonRecord &)> check;
};

} // namespace PingScope
