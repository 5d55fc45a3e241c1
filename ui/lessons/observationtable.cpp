#include "observationtable.h"

#include <QEvent>
#include <QHeaderView>

namespace PingScope {

namespace {

constexpr int LookRole = Qt::UserRole + 1;

} // namespace

ObservationTable::ObservationTable(QWidget *parent)
    : QTableWidget(parent)
{
    setObjectName(QStringLiteral("lessonObservations"));
    setColumnCount(5);
    setHorizontalHeaderLabels(
        {tr("Result"), tr("Observation"), tr("Measured"), tr("Tolerance"), tr("What happened")});
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(true);
    setAlternatingRowColors(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalHeader()->hide();
    // Rows as tall as their wrapped text: a tolerance is a sentence, not a number.
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView *header = horizontalHeader();
    header->setSectionResizeMode(ResultColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(DescriptionColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(FigureColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ToleranceColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(TextColumn, QHeaderView::Stretch);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

void ObservationTable::setObservations(const QList<Observation> &observations)
{
    clearContents();
    setRowCount(int(observations.size()));
    for (int row = 0; row < rowCount(); ++row) {
        setCell(row, DescriptionColumn, observations.at(row).description);
        setOutcomeCells(row, {});
        setLook(row, LessonLook::NotRun);
    }
}

void ObservationTable::markAllWatching()
{
    for (int row = 0; row < rowCount(); ++row) {
        setOutcomeCells(row, {});
        setLook(row, LessonLook::Running);
    }
}

void ObservationTable::showProgress(int row, const ObservationOutcome &outcome)
{
    if (row < 0 || row >= rowCount() || lookOf(row) != LessonLook::Running)
        return;
    setOutcomeCells(row, outcome);
}

void ObservationTable::showDecided(int row, const ObservationOutcome &outcome)
{
    if (row < 0 || row >= rowCount())
        return;
    setOutcomeCells(row, outcome);
    setLook(row, LessonAppearance::ofVerdict(outcome.verdict));
}

LessonLook ObservationTable::lookOf(int row) const
{
    const QTableWidgetItem *cell = item(row, ResultColumn);
    return cell ? LessonLook(cell->data(LookRole).toInt()) : LessonLook::NotRun;
}

void ObservationTable::setLook(int row, LessonLook look)
{
    setCell(row, ResultColumn, LessonAppearance::verdictWord(look));
    QTableWidgetItem *cell = item(row, ResultColumn);
    cell->setData(LookRole, int(look));
    cell->setIcon(LessonAppearance::icon(look, palette()));
    cell->setForeground(look == LessonLook::NotRun || look == LessonLook::NotApplicable
                            ? palette().brush(QPalette::PlaceholderText)
                            : QBrush(LessonAppearance::colour(look, palette())));
    QFont font = cell->font();
    font.setBold(look == LessonLook::Observed || look == LessonLook::NotObserved);
    cell->setFont(font);
}

void ObservationTable::setOutcomeCells(int row, const ObservationOutcome &outcome)
{
    setCell(row, FigureColumn, outcome.figure);
    setCell(row, ToleranceColumn, outcome.tolerance);
    setCell(row, TextColumn, outcome.text);
}

void ObservationTable::setCell(int row, int column, const QString &text)
{
    QTableWidgetItem *cell = item(row, column);
    if (!cell) {
        cell = new QTableWidgetItem;
        // Centred like the verdict icon, which the style always centres vertically.
        cell->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        setItem(row, column, cell);
    }
    if (cell->text() != text) {
        cell->setText(text);
        cell->setToolTip(text);
    }
}

void ObservationTable::changeEvent(QEvent *event)
{
    QTableWidget::changeEvent(event);
    // Icons and colours are painted for a palette: a light/dark switch repaints them.
    if (event->type() == QEvent::PaletteChange) {
        for (int row = 0; row < rowCount(); ++row)
            setLook(row, lookOf(row));
    }
}

} // namespace PingScope
