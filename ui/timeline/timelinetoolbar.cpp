#include "timelinetoolbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>

namespace PingScope {

namespace {

constexpr qint64 S = 1'000'000'000;

struct WindowChoice
{
    const char *label;
    qint64 ns;
};
constexpr WindowChoice WindowChoices[] = {
    {"10 s", 10 * S}, {"30 s", 30 * S}, {"60 s", 60 * S}, {"5 min", 300 * S}};

} // namespace

TimelineToolbar::TimelineToolbar(QWidget *parent)
    : QWidget(parent)
    , m_followButton(new QToolButton(this))
    , m_windowBox(new QComboBox(this))
    , m_stateLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("timelineToolbar"));
    m_followButton->setObjectName(QStringLiteral("timelineFollow"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    connect(m_followButton, &QToolButton::toggled, this, [this](bool following) {
        if (onFollowToggled)
            onFollowToggled(following);
    });

    m_windowBox->setObjectName(QStringLiteral("timelineWindow"));
    m_windowBox->setToolTip(QStringLiteral("How much of the past the timeline shows"));
    for (const WindowChoice &choice : WindowChoices)
        m_windowBox->addItem(QString::fromUtf8(choice.label), choice.ns);
    connect(m_windowBox, &QComboBox::activated, this, [this](int index) {
        if (onWindowChosen)
            onWindowChosen(m_windowBox->itemData(index).toLongLong());
    });

    m_stateLabel->setObjectName(QStringLiteral("timelineState"));
    auto *hint =
        new QLabel(QStringLiteral("wheel: zoom · drag: pan · click a marker: inspect"), this);
    hint->setEnabled(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->addWidget(m_followButton);
    layout->addWidget(new QLabel(QStringLiteral("Window:"), this));
    layout->addWidget(m_windowBox);
    layout->addWidget(m_stateLabel);
    layout->addStretch(1);
    layout->addWidget(hint);
}

void TimelineToolbar::setPausedNote(const QString &note)
{
    m_pausedNote = note;
}

void TimelineToolbar::showState(bool following, qint64 windowNs)
{
    {
        const QSignalBlocker blocker(m_followButton);
        m_followButton->setChecked(following);
    }
    // The style's icons, not "⏸" and "▶": common fonts (DejaVu) lack the pause sign.
    m_followButton->setIcon(
        style()->standardIcon(following ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_followButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_followButton->setText(following ? tr("Pause") : tr("Follow"));
    m_followButton->setToolTip(following ? QStringLiteral("Freeze the view (the session goes on)")
                                         : QStringLiteral("Back to live: now at the right edge"));
    m_stateLabel->setText(
        following ? tr("● live")
                  : tr("paused: %1")
                        .arg(m_pausedNote.isEmpty() ? tr("the session goes on") : m_pausedNote));
    // -1 (no choice shown) after a zoom to a window that is none of them.
    m_windowBox->setCurrentIndex(m_windowBox->findData(windowNs));
}

} // namespace PingScope
