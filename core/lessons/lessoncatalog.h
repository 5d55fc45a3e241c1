#pragma once

#include "lessons/lesson.h"

#include <optional>

namespace PingScope {

// The built-in lessons, in teaching order. Keep-alives are 1-2 s so the set runs in under a
// minute: the rules are the same at 60 s, only slower to watch.
QList<Lesson> builtInLessons();

// The built-in lesson with this id ("heartbeat"), if there is one.
std::optional<Lesson> findLesson(const QString &id);

} // namespace PingScope
