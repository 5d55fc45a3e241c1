#include "takeoverbanner.h"

#include "mainwindow/stateappearance.h"
#include "protocol/reasoncodes.h"
#include "session/keepalivetimer.h"
#include "shapeicon.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

namespace PingScope {

namespace {

constexpr qreal TitleScale = 1.3;
constexpr qreal IconScale = 1.3;
constexpr int TintAlpha = 36; // of 255: the purple shows, the text keeps its contrast

QLabel *newLine(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// The wall-clock time of a monotonic event time: the events carry only the monotonic clock.
QString wallClockOf(qint64 eventNs)
{
    const qint64 agoMs = (KeepAliveTimer::monotonicClock()() - eventNs) / 1'000'000;
    return QDateTime::currentDateTime()
        .addMSecs(-qMax<qint64>(agoMs, 0))
        .toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

TakeoverBanner::TakeoverBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("takeoverBanner"));
    // The title row (shape, what happened, the buttons), then the explanation below it.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto *column = new QVBoxLayout(this);
    column->setSpacing(fontMetrics().height() / 4);
    auto *titleRow = new QHBoxLayout;
    m_icon = new ShapeIcon(
        [](QPainter *painter, const QRectF &box, const QPalette &palette) {
            StateAppearance::paintShape(painter, box, SessionLook::TakenOver, palette);
        },
        this);
    m_title = newLine(this, "takeoverTitle");
    titleRow->addWidget(m_icon, 0, Qt::AlignVCenter);
    titleRow->addWidget(m_title, 1, Qt::AlignVCenter);

    m_showBoth = new QPushButton(tr("Show both on the timeline"), this);
    m_showBoth->setObjectName(QStringLiteral("showBothButton"));
    m_showBoth->setToolTip(tr("Overlay this session and the one that took it over on one time "
                              "axis"));
    auto *dismiss = new QPushButton(tr("Dismiss"), this);
    dismiss->setObjectName(QStringLiteral("dismissButton"));
    dismiss->setToolTip(tr("Hide this banner (the timeline keeps the take-over)"));
    titleRow->addWidget(m_showBoth, 0, Qt::AlignVCenter);
    titleRow->addWidget(dismiss, 0, Qt::AlignVCenter);
    column->addLayout(titleRow);

    m_how = newLine(this, "takeoverHow");
    m_nextLabel = newLine(this, "takeoverNext");
    m_will = newLine(this, "takeoverWill");
    column->addWidget(m_how);
    column->addWidget(m_nextLabel);
    column->addWidget(m_will);

    connect(m_showBoth, &QPushButton::clicked, this,
            [this] { Q_EMIT showBothRequested(m_otherSession); });
    connect(dismiss, &QPushButton::clicked, this, [this] {
        m_dismissed = true;
        hide();
        Q_EMIT dismissed();
    });
    applyStyle();
    hide();
}

void TakeoverBanner::setSessionNamer(SessionNamer namer)
{
    m_namer = std::move(namer);
    refresh();
}

void TakeoverBanner::setHasWill(bool hasWill)
{
    m_hasWill = hasWill;
    refresh();
}

void TakeoverBanner::appendEvents(const QList<const Event *> &events)
{
    bool changed = false;
    bool lostAfterTakeover = false;
    for (const Event *event : events) {
        switch (event->kind) {
        case EventKind::ClosedByBroker:
            // Comes just before an inferred TakenOver: how sure the inference is.
            m_closedWithOthers = event->diagnosis == ClosureDiagnosis::BrokerClosedAll;
            break;
        case EventKind::TakenOver:
            takenOver(*event);
            changed = true;
            break;
        case EventKind::Disconnected:
            lostAfterTakeover = !m_dismissed && !m_compact && m_next == Next::Unknown;
            break;
        case EventKind::Reconnecting:
            if (!m_dismissed && !m_compact && m_next != Next::Flapping) {
                m_next = Next::Reconnecting;
                m_reconnectDelayNs = event->valueNs;
                lostAfterTakeover = false;
                changed = true;
            }
            break;
        case EventKind::TakeoverFlapping:
            if (!m_dismissed && !m_compact) {
                m_next = Next::Flapping;
                changed = true;
            }
            break;
        case EventKind::TakeoverRetracted:
            // The reconnect failed: the broker went away (restart, shutdown), which a
            // take-over does not do. The timeline says so; no take-over to explain.
            if (!m_dismissed) {
                m_dismissed = true;
                changed = true;
            }
            break;
        case EventKind::Connected:
            // Back in business: the take-over is history, one line of it is enough.
            if (!m_dismissed && !m_compact) {
                m_compact = true;
                changed = true;
            }
            break;
        default:
            break;
        }
    }
    // The session records "reconnecting" right after "disconnected" when it reconnects;
    // none after it means it stopped (a confirmed take-over is not fought back).
    if (lostAfterTakeover) {
        m_next = Next::Stopped;
        changed = true;
    }
    if (changed)
        refresh();
}

void TakeoverBanner::takenOver(const Event &event)
{
    m_dismissed = false;
    m_compact = false;
    m_otherSession = event.otherSession;
    m_inferred = event.inferred;
    m_reasonCode = event.hasReasonCode ? event.reasonCode : 0;
    m_when = wallClockOf(event.timeNs);
    m_next = Next::Unknown;
    m_reconnectDelayNs = -1;
}

QString TakeoverBanner::takerName() const
{
    if (m_otherSession <= 0)
        return tr("another client");
    const QString name = m_namer ? m_namer(m_otherSession) : QString();
    return name.isEmpty() ? tr("session #%1").arg(m_otherSession) : name;
}

QString TakeoverBanner::howText() const
{
    if (!m_inferred)
        return tr("The broker said so: DISCONNECT %1.")
            .arg(Protocol::reasonCodeText(Protocol::PacketType::Disconnect, m_reasonCode));
    if (m_otherSession > 0)
        return tr("Inferred: the broker closed the socket right after %1 connected with the "
                  "same client ID.")
            .arg(takerName());
    if (m_closedWithOthers)
        return tr("Inferred, uncertain: the link was healthy, and the broker closed links of "
                  "other client IDs at the same moment, as a restart does (or another client "
                  "took them all over). A failed reconnect will show which.");
    return tr("Inferred, probably: the link was healthy when the broker closed the socket, and "
              "nothing local explains it; most likely another client connected with this "
              "client ID.");
}

QString TakeoverBanner::nextText() const
{
    switch (m_next) {
    case Next::Reconnecting:
        return m_reconnectDelayNs >= 0
                   ? tr("Next: reconnecting in %1.").arg(durationText(m_reconnectDelayNs))
                   : tr("Next: reconnecting.");
    case Next::Stopped:
        return tr("Next: no reconnect. The client ID is in use elsewhere now; reconnecting "
                  "would take it back.");
    case Next::Flapping:
        return tr("Reconnect stopped: the two sessions keep taking each other over.");
    case Next::Unknown:
        break;
    }
    return {};
}

void TakeoverBanner::refresh()
{
    setVisible(!m_dismissed);
    if (m_dismissed)
        return;
    m_showBoth->setVisible(m_otherSession > 0);
    if (m_compact) {
        m_title->setText(
            tr("Was taken over by %1 at %2; connected again since.").arg(takerName(), m_when));
    } else {
        m_title->setText(tr("Taken over by %1 at %2").arg(takerName(), m_when));
        m_how->setText(howText());
        m_nextLabel->setText(nextText());
        // [MQTT-3.1.2-8]: a connection closed without DISCONNECT publishes the will; but
        // 5.0 lets a new connection that takes the session over within the will delay
        // cancel it, and some brokers skip it on take-over: "should", with the watcher
        // (the Will tab) to see what really happens.
        m_will->setText(tr("The broker should publish this session's will: the connection "
                           "ended without DISCONNECT (the Will tab shows whether it arrives)."));
    }
    m_how->setVisible(!m_compact);
    m_nextLabel->setVisible(!m_compact && m_next != Next::Unknown);
    m_will->setVisible(!m_compact && m_hasWill);
}

void TakeoverBanner::applyStyle()
{
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * TitleScale);
    title.setWeight(QFont::DemiBold);
    m_title->setFont(title);
    QFont iconFont = title; // a thin shape: a bit taller than the title to read at a glance
    iconFont.setPointSizeF(title.pointSizeF() * IconScale);
    m_icon->setFont(iconFont);
    m_icon->updateGeometry();
    // Below the title, the explanation starts where the title's text does.
    const int indent = m_icon->sizeHint().width() + layout()->spacing();
    for (QLabel *line : {m_how, m_nextLabel, m_will})
        line->setIndent(indent);
    // What happens next is what the reader acts on.
    QFont next = font();
    next.setWeight(QFont::DemiBold);
    m_nextLabel->setFont(next);
    QPalette titlePalette = m_title->palette();
    titlePalette.setColor(QPalette::WindowText,
                          StateAppearance::colour(SessionLook::TakenOver, palette()));
    m_title->setPalette(titlePalette);
}

void TakeoverBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        applyStyle();
}

void TakeoverBanner::paintEvent(QPaintEvent *event)
{
    // A purple tint with a bar at the left edge: the take-over look, whatever the style.
    QPainter painter(this);
    QColor tint = StateAppearance::colour(SessionLook::TakenOver, palette());
    const int bar = qMax(3, fontMetrics().height() / 5);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    painter.fillRect(QRect(0, 0, bar, height()), tint);
    tint.setAlpha(TintAlpha);
    painter.fillRect(rect().adjusted(bar, 0, 0, 0), tint);
    QFrame::paintEvent(event);
}

} // namespace PingScope
