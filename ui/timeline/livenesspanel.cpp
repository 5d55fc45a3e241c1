#include "livenesspanel.h"

#include "editor/durationwords.h"
#include "mainwindow/sessionlistmodel.h"
#include "mainwindow/stateappearance.h"
#include "session/keepalivetimer.h"
#include "session/shapeicon.h"

#include <QEvent>
#include <QFontMetrics>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace PingScope {

namespace {

constexpr int TickMs = 100; // 10 Hz: the tenths of the last ten seconds move smoothly
constexpr qint64 NsPerS = 1'000'000'000;

// A countdown: as ageText() up to two minutes (tenths in the last ten seconds, then whole
// seconds), then minutes with their seconds, so that a long one visibly moves ("7 min 29 s",
// not "7 min" for a whole minute).
QString countdownText(qint64 ns)
{
    const qint64 seconds = qMax<qint64>(ns, 0) / NsPerS;
    if (seconds < 120)
        return ageText(ns);
    if (seconds < 3600)
        return LivenessPanel::tr("%1 min %2 s")
            .arg(seconds / 60)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return LivenessPanel::tr("%1 h %2 min")
        .arg(seconds / 3600)
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'));
}
// A packet other than PINGREQ sent this recently means the client is busy and the PINGREQ
// keeps being postponed: "not needed" says that better than a countdown that keeps jumping.
constexpr qint64 TrafficWindowNs = 2 * NsPerS;
// UI.md: the liveness numbers are the largest text on the screen. Factors of the default
// font, never pixel sizes, so they follow the user's font settings.
constexpr qreal CountdownScale = 2.2;
constexpr qreal RttScale = 1.6;
constexpr qreal RemarkScale = 1.3;
constexpr qreal StateScale = 1.6;

QFont scaled(QFont font, qreal factor, QFont::Weight weight)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setWeight(weight);
    return font;
}

QLabel *newLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

LivenessPanel::LivenessPanel(QWidget *parent)
    : QGroupBox(tr("Liveness"), parent)
    , m_clock(KeepAliveTimer::monotonicClock())
{
    setObjectName(QStringLiteral("livenessPanel"));
    m_ticker.setInterval(TickMs);
    connect(&m_ticker, &QTimer::timeout, this, &LivenessPanel::refresh);

    auto *outer = new QVBoxLayout(this);

    auto *stateRow = new QHBoxLayout;
    m_stateIcon = new ShapeIcon({}, this);
    m_stateLabel = newLabel(this, "livenessState");
    stateRow->addWidget(m_stateIcon, 0, Qt::AlignVCenter);
    stateRow->addWidget(m_stateLabel, 1);
    outer->addLayout(stateRow);

    m_live = new QWidget(this);
    auto *grid = new QGridLayout(m_live);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(fontMetrics().averageCharWidth() * 2);
    // Countdowns on the left, where the eye starts; the measured figures on the right.
    m_nextPing = addCountdown(0, tr("next PINGREQ in"), "nextPingValue", &m_nextPingCaption);
    m_pingresp = addCountdown(1, tr("PINGRESP due in"), "pingrespValue", &m_pingrespCaption);
    m_brokerDrop = addCountdown(2, tr("broker may drop this client in"), "brokerDropValue",
                                &m_brokerDropCaption);
    m_rttLast = addFigure(0, tr("RTT last"), "rttLastValue");
    m_rttPercentiles = addFigure(1, tr("RTT"), "rttPercentilesValue");
    m_pingCounts = addFigure(2, tr("pings"), "pingCountsValue");
    m_keepAlive = newLabel(m_live, "keepAliveValue");
    m_keepAlive->setWordWrap(true);
    grid->addWidget(m_keepAlive, 3, 0, 1, 5);
    grid->setColumnStretch(2, 1);
    outer->addWidget(m_live);

    applyFonts();
    refresh();
}

QLabel *LivenessPanel::addCountdown(int row, const QString &caption, const char *name,
                                    QLabel **captionOut)
{
    auto *grid = static_cast<QGridLayout *>(m_live->layout());
    auto *captionLabel = newLabel(m_live, QByteArray(QByteArray(name) + "Caption").constData());
    captionLabel->setText(caption);
    auto *value = newLabel(m_live, name);
    grid->addWidget(captionLabel, row, 0, Qt::AlignRight | Qt::AlignVCenter);
    grid->addWidget(value, row, 1, Qt::AlignLeft | Qt::AlignVCenter);
    *captionOut = captionLabel;
    return value;
}

QLabel *LivenessPanel::addFigure(int row, const QString &caption, const char *name)
{
    auto *grid = static_cast<QGridLayout *>(m_live->layout());
    auto *captionLabel = new QLabel(caption, m_live);
    auto *value = newLabel(m_live, name);
    grid->addWidget(captionLabel, row, 3, Qt::AlignRight | Qt::AlignVCenter);
    grid->addWidget(value, row, 4, Qt::AlignLeft | Qt::AlignVCenter);
    return value;
}

void LivenessPanel::setCountdown(QLabel *label, const QString &text, bool running)
{
    // Only a running countdown gets the big figures; a word ("paused", "none awaited") in
    // that size would shout what is only a remark.
    label->setFont(running ? m_countdownFont : m_remarkFont);
    label->setText(text);
}

void LivenessPanel::applyFonts()
{
    const QFont base = font();
    m_countdownFont = scaled(base, CountdownScale, QFont::DemiBold);
    m_remarkFont = scaled(base, RemarkScale, QFont::Normal);
    m_rttLast->setFont(scaled(base, RttScale, QFont::DemiBold));
    m_stateLabel->setFont(scaled(base, StateScale, QFont::DemiBold));
    m_stateIcon->setFont(m_stateLabel->font());
    m_stateIcon->updateGeometry();
    // Wide enough for the usual values, so the figures on the right do not jump sideways
    // each time a countdown turns into a remark and back.
    const int widest =
        qMax(QFontMetrics(m_countdownFont).horizontalAdvance(QStringLiteral("88.8 s")),
             QFontMetrics(m_remarkFont).horizontalAdvance(tr("disabled (keep-alive 0)")));
    static_cast<QGridLayout *>(m_live->layout())->setColumnMinimumWidth(1, widest);
}

void LivenessPanel::setStatus(const SessionStatus &status)
{
    // A packet went out and it was not a PINGREQ: traffic moved the PINGREQ's due time.
    if (m_hasStatus && status.lastSentNs > m_status.lastSentNs &&
        status.pingsSent == m_status.pingsSent)
        m_lastTrafficNs = status.lastSentNs;
    if (status.state != Session::State::Connected)
        m_lastTrafficNs = -1;
    m_status = status;
    m_hasStatus = true;
    updateTicking();
    refresh();
}

void LivenessPanel::appendEvents(const QList<const Event *> &events)
{
    bool changed = false;
    for (const Event *event : events) {
        if (event->isPacket(Protocol::PacketType::Pingresp, Direction::Received) &&
            event->valueNs >= 0) {
            m_lastRttNs = event->valueNs;
            changed = true;
        } else if (event->kind == EventKind::Connected) {
            m_lastRttNs = -1; // a new connection: the last one's RTT says nothing of it
            changed = true;
        }
    }
    if (changed)
        refresh();
}

void LivenessPanel::setRequestedKeepAlive(quint16 seconds)
{
    m_requestedKeepAlive = seconds;
    refresh();
}

void LivenessPanel::setClock(Clock monotonicNow)
{
    m_clock = std::move(monotonicNow);
    refresh();
}

bool LivenessPanel::isConnected() const
{
    return m_hasStatus && m_status.state == Session::State::Connected;
}

void LivenessPanel::updateTicking()
{
    if (isVisible() && isConnected())
        m_ticker.start();
    else
        m_ticker.stop();
}

void LivenessPanel::showEvent(QShowEvent *event)
{
    QGroupBox::showEvent(event);
    updateTicking();
    refresh();
}

void LivenessPanel::hideEvent(QHideEvent *event)
{
    QGroupBox::hideEvent(event);
    updateTicking();
}

void LivenessPanel::changeEvent(QEvent *event)
{
    QGroupBox::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        applyFonts();
        refresh();
    }
}

bool LivenessPanel::isTrafficPostponing(qint64 now) const
{
    const qint64 window = qMin(TrafficWindowNs, qint64(m_status.keepAliveSeconds) * NsPerS / 4);
    return m_lastTrafficNs >= 0 && now - m_lastTrafficNs < window;
}

QString LivenessPanel::nextPingText(qint64 now) const
{
    const SessionStatus &s = m_status;
    if (s.keepAliveSeconds == 0)
        return tr("disabled (keep-alive 0)");
    if (s.pingsPaused)
        return tr("paused");
    if (s.pingrespDueNs >= 0)
        return tr("after the PINGRESP");
    if (isTrafficPostponing(now))
        return tr("not needed: traffic");
    if (s.pingDueNs < 0)
        return QStringLiteral("–");
    return s.pingDueNs > now ? countdownText(s.pingDueNs - now) : tr("now");
}

QString LivenessPanel::keepAliveText() const
{
    const SessionStatus &s = m_status;
    const bool byServer = s.keepAliveSource == KeepAliveSource::Server;
    QString text = s.keepAliveSeconds == 0
                       ? tr("keep-alive 0: disabled, no PINGREQ, and the broker never drops "
                            "a silent client")
                       : tr("keep-alive %1 (the broker may drop after %2 of silence)")
                             .arg(keepAliveInWords(s.keepAliveSeconds),
                                  ageText(qint64(s.keepAliveSeconds) * NsPerS * 3 / 2));
    if (!byServer)
        return text;
    if (m_requestedKeepAlive >= 0 && m_requestedKeepAlive != s.keepAliveSeconds)
        return text + QStringLiteral(" · ") +
               tr("broker override (MQTT 5 Server Keep Alive): asked %1")
                   .arg(keepAliveInWords(m_requestedKeepAlive));
    return text + QStringLiteral(" · ") + tr("set by the broker (MQTT 5 Server Keep Alive)");
}

void LivenessPanel::refreshDisconnected()
{
    SessionLook look = SessionLook::Disconnected;
    QString word = tr("not connected");
    if (m_hasStatus) {
        switch (m_status.state) {
        case Session::State::Connecting:
        case Session::State::AwaitingConnack:
            look = SessionLook::Connecting;
            word = StateAppearance::word(look);
            break;
        case Session::State::Disconnecting:
            word = tr("disconnecting…");
            break;
        case Session::State::Disconnected:
            if (m_status.reconnectPending) {
                look = SessionLook::Connecting;
                word = tr("reconnecting…");
            }
            break;
        case Session::State::Connected:
            break;
        }
    }
    m_stateIcon->setPainter([look](QPainter *painter, const QRectF &box, const QPalette &pal) {
        StateAppearance::paintShape(painter, box, look, pal);
    });
    m_stateLabel->setText(word + QStringLiteral(" — ") + tr("no keep-alive until connected"));
}

void LivenessPanel::refresh()
{
    const bool connected = isConnected();
    m_live->setVisible(connected);
    const bool blackHoled = connected && m_status.blackHoled;
    m_stateIcon->setVisible(!connected || blackHoled);
    m_stateLabel->setVisible(!connected || blackHoled);
    if (!connected) {
        refreshDisconnected();
        return;
    }
    if (blackHoled) {
        // The fault makes the link silent both ways: the countdowns below run out for real.
        m_stateIcon->setPainter([](QPainter *painter, const QRectF &box, const QPalette &pal) {
            StateAppearance::paintShape(painter, box, SessionLook::Lost, pal);
        });
        m_stateLabel->setText(tr("black-holed: nothing gets through in either direction"));
    }

    const SessionStatus &s = m_status;
    const qint64 now = m_clock();
    const bool counting = s.keepAliveSeconds > 0 && !s.pingsPaused && s.pingrespDueNs < 0 &&
                          s.pingDueNs >= 0 && !isTrafficPostponing(now);
    m_nextPingCaption->setText(counting ? tr("next PINGREQ in") : tr("next PINGREQ"));
    setCountdown(m_nextPing, nextPingText(now), counting);

    const bool outstanding = s.pingrespDueNs >= 0;
    m_pingrespCaption->setText(outstanding ? tr("PINGRESP due in") : tr("PINGRESP"));
    setCountdown(
        m_pingresp,
        outstanding ? (s.pingrespDueNs > now ? countdownText(s.pingrespDueNs - now) : tr("overdue"))
                    : tr("none awaited"),
        outstanding);
    // Dimmed when nothing is awaited, so the eye skips it.
    m_pingresp->setEnabled(outstanding);

    if (s.brokerDeadlineNs < 0 || s.keepAliveSeconds == 0) {
        m_brokerDropCaption->setText(tr("broker drops this client"));
        setCountdown(m_brokerDrop, tr("never (keep-alive 0)"), false);
    } else if (s.brokerDeadlineNs > now) {
        m_brokerDropCaption->setText(tr("broker may drop this client in"));
        setCountdown(m_brokerDrop, countdownText(s.brokerDeadlineNs - now), true);
    } else {
        m_brokerDropCaption->setText(tr("broker may drop this client"));
        setCountdown(m_brokerDrop, tr("any moment now"), true);
    }

    m_rttLast->setText(m_lastRttNs >= 0 ? durationText(m_lastRttNs) : QStringLiteral("–"));
    const auto orDash = [](qint64 ns) { return ns < 0 ? QStringLiteral("–") : durationText(ns); };
    m_rttPercentiles->setText(
        tr("p50 %1 · p99 %2").arg(orDash(s.roundTripMedianNs), orDash(s.roundTripP99Ns)));
    const QLocale locale;
    m_pingCounts->setText(tr("%1 sent · %2 answered · %3 missed")
                              .arg(locale.toString(s.pingsSent), locale.toString(s.pingsAnswered),
                                   locale.toString(s.pingTimeouts)));
    m_keepAlive->setText(keepAliveText());
}

} // namespace PingScope
