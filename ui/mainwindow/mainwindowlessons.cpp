// View > Lessons…: the Lessons window (ui/lessons), one per main window, kept when closed so
// that the lessons' results are still there when it opens again.

#include "mainwindow.h"

#include "lessons/lessonswindow.h"

namespace PingScope {

LessonsWindow *MainWindow::openLessons(const QString &lessonId)
{
    if (!m_lessons)
        m_lessons = new LessonsWindow(this);
    if (!lessonId.isEmpty() && !m_lessons->selectLesson(lessonId))
        return nullptr;
    m_lessons->show();
    m_lessons->raise();
    m_lessons->activateWindow();
    return m_lessons;
}

} // namespace PingScope
