#include "timelineoverlaywindow.h"

#include "timelinechart.h"

#include <QLabel>
#include <QVBoxLayout>

namespace PingScope {

TimelineOverlayWindow::TimelineOverlayWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_title(new QLabel(this))
    , m_chart(new TimelineChart(this))
{
    setObjectName(QStringLiteral("timelineOverlayWindow"));
    m_title->setObjectName(QStringLiteral("timelineOverlayTitle"));
    QFont font = m_title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.2);
    m_title->setFont(font);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_chart, 1);
    resize(1100, 640);
    setTitle(QStringLiteral("Timeline overlay"));
}

void TimelineOverlayWindow::setTitle(const QString &title)
{
    m_title->setText(title);
    setWindowTitle(title + QStringLiteral(" — PingScope"));
}

} // namespace PingScope
