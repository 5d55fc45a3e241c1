#pragma once

#include <QString>

class QWidget;

namespace PingScope {

struct LessonReport;

// A lesson's result as a class handout: Markdown (.md) or HTML (.html), chosen by the path's
// suffix (anything else: Markdown). Written whole or not at all (QSaveFile).
bool writeLessonReport(const LessonReport &report, const QString &path, QString *error);

// The save dialog: Markdown or HTML, the suffix added when the user typed none, in the last
// export folder; a name from the lesson and the moment. Empty when cancelled.
QString askLessonReportPath(QWidget *parent, const LessonReport &report);

} // namespace PingScope
