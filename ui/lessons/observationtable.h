#pragma once

#include "lessonlook.h"
#include "lessons/observation.h"

#include <QTableWidget>

namespace PingScope {

// A lesson's observations, one row each, ticking while the lesson runs: the verdict (icon
// and word), what is expected, the measured figure, the tolerance it is judged by, and what
// happened in words. Rows show "watching…" with the figures so far until the runner decides.
class ObservationTable : public QTableWidget
{
public:
    enum Column { ResultColumn, DescriptionColumn, FigureColumn, ToleranceColumn, TextColumn };

    explicit ObservationTable(QWidget *parent = nullptr);

    // Rows for `observations`, all "not yet".
    void setObservations(const QList<Observation> &observations);
    // Every row "watching…", figures cleared: a run starts.
    void markAllWatching();
    // Figures so far (the verdict stays "watching…").
    void showProgress(int row, const ObservationOutcome &outcome);
    // The final verdict.
    void showDecided(int row, const ObservationOutcome &outcome);
    LessonLook lookOf(int row) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void setLook(int row, LessonLook look);
    void setOutcomeCells(int row, const ObservationOutcome &outcome);
    void setCell(int row, int column, const QString &text);
};

} // namespace PingScope
