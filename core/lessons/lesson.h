#pragma once

#include "lessons/observation.h"
#include "session/sessionsettings.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace PingScope {

// One timed step of a lesson. The runner does them in order; a step ends when its action is
// done (Open: connected; Subscribe: SUBACK; Wait: the time is up; WaitForEvent: the event
// came or `ms` passed). Sessions are numbered from 1, as in the lesson's text.
struct LessonStep
{
    enum class Action : quint8 {
        Open,            // open `session`; ends at CONNACK (at most `ms`, default 5 s)
        Subscribe,       // `session` subscribes to `topic`; ends at SUBACK (at most 5 s)
        Wait,            // wait `ms`
        WaitForEvent,    // wait until `session` records an event named `eventName`, at most `ms`
        InjectFault,     // `fault` on `session`
        StartPublishing, // `session` publishes to `topic` now and every `ms`
        StopPublishing,  // ... and stops
        Close,           // normal DISCONNECT
    };
    Action action = Action::Wait;
    int session = 1;
    qint64 ms = 0;
    FaultKind fault = FaultKind::None;
    QString topic;     // "%run%" is replaced by a token unique to the run
    QString eventName; // Event::name(): "closed-by-broker", "will-received", ...
    // A name for the moment the step starts, for the observations' windows ("paused").
    QString mark;
    QString description; // what the step does, in words, for the report and the UI
};

// A lesson: an experiment against a real broker that shows one keep-alive, will or take-over
// rule, and the observations that say whether the broker behaved as the rule says.
struct Lesson
{
    QString id;    // "heartbeat": the CLI's --lesson name
    QString title; // "The heartbeat"
    // In our own words, citing PROTOCOL.md statement IDs.
    QString explanation;
    // mosquitto.conf lines the local broker needs (e.g. "max_keepalive 10").
    QStringList brokerConfig;
    // Each session's settings, without host and port (the runner sets them). "%run%" in the
    // client ID and the will topic is replaced by a token unique to the run, so runs on a
    // shared broker do not meet.
    QList<SessionSettings> sessions;
    QList<LessonStep> steps;
    QList<Observation> observations;
};

} // namespace PingScope
