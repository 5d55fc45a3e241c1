#pragma once

// What the built-in lessons are made of (lessoncatalog.cpp, lessonsdeadlinks.cpp).
// Internal to core/lessons.

#include "lessons/lesson.h"

namespace PingScope::LessonBuilders {

using Action = LessonStep::Action;

inline SessionSettings lessonSession(const QString &role, int keepAliveSeconds)
{
    SessionSettings settings;
    settings.clientId = QStringLiteral("pingscope-lesson-%run%-") + role;
    settings.keepAliveSeconds = keepAliveSeconds;
    // A lesson shows what the broker does to a connection; reconnecting would blur it.
    settings.reconnect.enabled = false;
    return settings;
}

inline LessonStep step(Action action, int session, qint64 ms, const QString &description,
                       const QString &mark = {})
{
    LessonStep s;
    s.action = action;
    s.session = session;
    s.ms = ms;
    s.description = description;
    s.mark = mark;
    return s;
}

// A QoS 1 will on a topic of the run's own, "pingscope/lesson/<run>/will/<role>".
inline Protocol::Will lessonWill(const QString &role)
{
    Protocol::Will will;
    will.topic = QStringLiteral("pingscope/lesson/%run%/will/") + role;
    will.payload = QStringLiteral("%1 is gone").arg(role).toUtf8();
    will.qos = 1;
    return will;
}

// A step with its topic (Subscribe, StartPublishing) or the event it waits for.
inline LessonStep withTopic(LessonStep step, const QString &topic)
{
    step.topic = topic;
    return step;
}
inline LessonStep waitingFor(LessonStep step, const QString &eventName)
{
    step.action = Action::WaitForEvent;
    step.eventName = eventName;
    return step;
}

// Lessons about links that die (lessonsdeadlinks.cpp).
Lesson halfOpen();
Lesson takeOver();

// Lesson 10, the keep-alive trade-off measured (lessonschoosing.cpp).
Lesson choosingAKeepAlive();

// Lesson 9: wills and clean goodbyes (lessonswills.cpp).
Lesson willsAndGoodbyes();

} // namespace PingScope::LessonBuilders
