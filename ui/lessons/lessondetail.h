#pragma once

#include "lessons/lesson.h"

#include <QWidget>

class QListWidget;
class QTextBrowser;

namespace PingScope {

// The selected lesson in words: its explanation (with the spec's statement IDs picked out,
// so a teacher can point at them) beside its steps, the current one highlighted while the
// lesson runs.
class LessonDetail : public QWidget
{
public:
    explicit LessonDetail(QWidget *parent = nullptr);

    void setLesson(const Lesson &lesson);
    // The step running now (its row bold, with the "running" shape); earlier ones are
    // dimmed as done. -1: no run (all plain); past the last: the run is over (all done).
    void setCurrentStep(int index);
    int currentStep() const { return m_current; }
    // The run is over: the steps it reached are dimmed as done, none is highlighted.
    void setFinished();

    // The explanation as rich text: escaped, "[MQTT-3.1.2-24]" in bold monospace.
    static QString explanationHtml(const QString &explanation);

    QTextBrowser *explanation() const { return m_explanation; }
    QListWidget *steps() const { return m_steps; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void paintSteps();

    QTextBrowser *m_explanation;
    QListWidget *m_steps;
    int m_current = -1;
    int m_done = 0; // the steps before this one are done
};

} // namespace PingScope
