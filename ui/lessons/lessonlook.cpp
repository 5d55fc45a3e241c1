#include "lessonlook.h"

#include "lessons/lessonreport.h"
#include "mainwindow/stateappearance.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace PingScope {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PingScope::LessonAppearance", text);
}

} // namespace

QString LessonAppearance::statusWord(LessonLook look)
{
    switch (look) {
    case LessonLook::Running:
        return tr("running…");
    case LessonLook::Observed:
        return tr("all observed");
    case LessonLook::NotObserved:
        return tr("something not observed");
    case LessonLook::NotApplicable:
        return tr("nothing could be observed");
    case LessonLook::CouldNotRun:
        return tr("could not run");
    case LessonLook::NotRun:
        break;
    }
    return tr("not run");
}

QString LessonAppearance::verdictWord(LessonLook look)
{
    switch (look) {
    case LessonLook::Running:
        return tr("watching…");
    case LessonLook::Observed:
        return tr("observed");
    case LessonLook::NotObserved:
        return tr("not observed");
    case LessonLook::NotApplicable:
        return tr("not applicable");
    case LessonLook::CouldNotRun:
        return tr("could not run");
    case LessonLook::NotRun:
        break;
    }
    return tr("not yet");
}

QColor LessonAppearance::colour(LessonLook look, const QPalette &palette)
{
    switch (look) {
    case LessonLook::Running:
        return StateAppearance::colour(SessionLook::Connecting, palette);
    case LessonLook::Observed:
        return StateAppearance::colour(SessionLook::Connected, palette);
    case LessonLook::NotObserved:
    case LessonLook::CouldNotRun:
        return StateAppearance::colour(SessionLook::Lost, palette);
    case LessonLook::NotApplicable:
    case LessonLook::NotRun:
        break;
    }
    return StateAppearance::colour(SessionLook::Disconnected, palette);
}

void LessonAppearance::paintShape(QPainter *painter, const QRectF &box, LessonLook look,
                                  const QPalette &palette)
{
    if (look == LessonLook::NotRun || look == LessonLook::Running) {
        StateAppearance::paintShape(painter, box,
                                    look == LessonLook::NotRun ? SessionLook::Disconnected
                                                               : SessionLook::Connecting,
                                    palette);
        return;
    }
    const QColor colour = LessonAppearance::colour(look, palette);
    const qreal size = qMin(box.width(), box.height()) * 0.8;
    const QRectF r(box.center().x() - size / 2, box.center().y() - size / 2, size, size);
    const qreal pen = qMax<qreal>(1.5, size / 6);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(colour, pen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    switch (look) {
    case LessonLook::Observed: {
        QPainterPath tick;
        tick.moveTo(r.left() + size * 0.08, r.top() + size * 0.55);
        tick.lineTo(r.left() + size * 0.38, r.bottom() - size * 0.1);
        tick.lineTo(r.right() - size * 0.05, r.top() + size * 0.12);
        painter->drawPath(tick);
        break;
    }
    case LessonLook::NotObserved: {
        // A warning triangle with an exclamation mark: "look here, something else happened".
        const qreal inset = pen / 2;
        QPainterPath triangle;
        triangle.moveTo(r.center().x(), r.top() + inset);
        triangle.lineTo(r.right() - inset, r.bottom() - inset);
        triangle.lineTo(r.left() + inset, r.bottom() - inset);
        triangle.closeSubpath();
        painter->setPen(QPen(colour, pen * 0.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->drawPath(triangle);
        const qreal x = r.center().x();
        painter->drawLine(QPointF(x, r.top() + size * 0.38), QPointF(x, r.top() + size * 0.62));
        painter->drawPoint(QPointF(x, r.top() + size * 0.78));
        break;
    }
    case LessonLook::NotApplicable:
        painter->drawLine(QPointF(r.left() + pen, r.center().y()),
                          QPointF(r.right() - pen, r.center().y()));
        break;
    case LessonLook::CouldNotRun: {
        const QRectF ring = r.adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2);
        painter->drawEllipse(ring);
        const qreal d = ring.width() * 0.35;
        painter->drawLine(ring.center() + QPointF(-d, d), ring.center() + QPointF(d, -d));
        break;
    }
    case LessonLook::NotRun:
    case LessonLook::Running:
        break;
    }
    painter->restore();
}

QIcon LessonAppearance::icon(LessonLook look, const QPalette &palette)
{
    QIcon icon;
    for (const int side : {16, 24, 32, 48}) {
        QPixmap pixmap(side, side);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paintShape(&painter, QRectF(0, 0, side, side), look, palette);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

LessonLook LessonAppearance::ofVerdict(ObservationVerdict verdict)
{
    switch (verdict) {
    case ObservationVerdict::Observed:
        return LessonLook::Observed;
    case ObservationVerdict::NotObserved:
        return LessonLook::NotObserved;
    case ObservationVerdict::NotApplicable:
        break;
    }
    return LessonLook::NotApplicable;
}

LessonLook LessonAppearance::ofReport(const LessonReport &report)
{
    if (!report.error.isEmpty())
        return LessonLook::CouldNotRun;
    if (report.count(ObservationVerdict::NotObserved) > 0)
        return LessonLook::NotObserved;
    if (report.count(ObservationVerdict::Observed) == 0)
        return LessonLook::NotApplicable;
    return LessonLook::Observed;
}

} // namespace PingScope
