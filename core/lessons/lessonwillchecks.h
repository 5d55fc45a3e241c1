#pragma once

#include "lessons/lessonchecks.h"

namespace PingScope::LessonChecks {

// The checks of the lesson on wills and clean goodbyes (lessonswills.cpp): when a will
// arrives, and when it must not. One lesson runs several experiments side by side, so each
// observation takes its id and description from the lesson, and its window from a mark.

struct WillWindow
{
    QString id;          // "will-after-crash": stable, for tests and JSON
    QString description; // what the observation shows, with its rule ID
    int watcher = 0;     // the session subscribed to the will topics
    int owner = 0;       // the session whose will it is
    QString fromMark;    // the moment the owner left (dropped, disconnected, ...)
};

// Session `watcher` received the will of `owner` between `earliestSeconds` and
// `latestSeconds` after `fromMark`; the figure is that time. `why` explains the bounds
// ("no will delay: at once", ...).
Observation willArrivesBetween(const WillWindow &window, double earliestSeconds,
                               double latestSeconds, const QString &why);

// Nothing arrived on `owner`'s will topic at `watcher` for `windowSeconds` after `fromMark`:
// neither a will PingScope attributes to `owner` nor any message on `willTopic` ("%run%"
// stands for the run's token). Not applicable when the run ended before the window did.
Observation noWillWithin(const WillWindow &window, const QString &willTopic, double windowSeconds,
                         const QString &why);

// After `fromMark` (its link dropped) `session` connected again, with Clean Start 0, within
// `withinSeconds` (the will delay), and the broker resumed its session (Session Present 1).
Observation sessionResumedWithin(const QString &id, int session, const QString &fromMark,
                                 double withinSeconds);

} // namespace PingScope::LessonChecks
