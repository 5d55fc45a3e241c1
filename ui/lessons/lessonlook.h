#pragma once

#include "lessons/observation.h"

#include <QColor>
#include <QIcon>
#include <QString>

class QPainter;
class QPalette;
class QRectF;

namespace PingScope {

struct LessonReport;

// UI.md "one meaning, one look" for the Lessons window: a lesson's status and an
// observation's verdict each have a colour, a shape and a word. The colours are
// StateAppearance's, so "in progress", "fine" and "wrong" read as they do in the session
// list; the shapes differ from the timeline's (a tick, not the PINGRESP circle; a warning
// triangle, not the half-open cross), because a verdict is not a packet or a link state.
enum class LessonLook : quint8 {
    NotRun,        // hollow grey circle: never run / not decided yet
    Running,       // half-full slate circle: running / being watched
    Observed,      // green tick
    NotObserved,   // red warning triangle
    NotApplicable, // grey dash: the run never got where it could be seen
    CouldNotRun,   // red slashed circle: no broker, no connection
};

class LessonAppearance
{
public:
    // A lesson's status: "not run", "running…", "all observed", "something not observed",
    // "could not run".
    static QString statusWord(LessonLook look);
    // An observation's verdict: "not yet", "watching…", "observed", "not observed",
    // "not applicable".
    static QString verdictWord(LessonLook look);
    static QColor colour(LessonLook look, const QPalette &palette);
    static void paintShape(QPainter *painter, const QRectF &box, LessonLook look,
                           const QPalette &palette);
    // The shape as an icon for lists and tables, painted for `palette`.
    static QIcon icon(LessonLook look, const QPalette &palette);

    static LessonLook ofVerdict(ObservationVerdict verdict);
    // A finished run's status: could not run (error), something not observed, all observed.
    static LessonLook ofReport(const LessonReport &report);
};

} // namespace PingScope
