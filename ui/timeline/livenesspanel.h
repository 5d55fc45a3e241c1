#pragma once

#include "monitor/event.h"
#include "session/sessionbatch.h"

#include <QGroupBox>
#include <QList>
#include <QTimer>

#include <functional>

class QLabel;

namespace PingScope {

class ShapeIcon;

// The "Liveness" box above a session's tabs (UI.md): the keep-alive countdowns in the
// largest text on the screen, the round-trip times, the ping counts and the keep-alive in
// force. The countdowns run from the latest SessionStatus's due times and a clock of their
// own, ticking at 10 Hz only while the panel is visible and the session connected; a
// session that is not connected shows that, never a stale countdown.
class LivenessPanel : public QGroupBox
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>;

    explicit LivenessPanel(QWidget *parent);

    // The session's latest snapshot (SessionBatch::statuses).
    void setStatus(const SessionStatus &status);
    // This session's events of one batch: the last PINGRESP's round-trip time is in them,
    // not in the status.
    void appendEvents(const QList<const Event *> &events);
    // The keep-alive the profile asked for, to say so when the broker overrode it.
    void setRequestedKeepAlive(quint16 seconds);
    // The events' monotonic clock (KeepAliveTimer::monotonicClock() unless a test says).
    void setClock(Clock monotonicNow);

    // Recomputes every text for the clock's now; the timer calls it.
    void refresh();
    bool isTicking() const { return m_ticker.isActive(); }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QLabel *addCountdown(int row, const QString &caption, const char *name, QLabel **captionOut);
    QLabel *addFigure(int row, const QString &caption, const char *name);
    void setCountdown(QLabel *label, const QString &text, bool running);
    void applyFonts();
    void updateTicking();
    bool isConnected() const;
    bool isTrafficPostponing(qint64 now) const;
    QString nextPingText(qint64 now) const;
    QString keepAliveText() const;
    void refreshDisconnected();

    Clock m_clock;
    QTimer m_ticker;
    SessionStatus m_status;
    bool m_hasStatus = false;
    int m_requestedKeepAlive = -1;
    qint64 m_lastRttNs = -1;
    qint64 m_lastTrafficNs = -1; // the last time a packet other than PINGREQ went out

    QWidget *m_live = nullptr; // everything shown while connected
    ShapeIcon *m_stateIcon = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_nextPingCaption = nullptr;
    QLabel *m_nextPing = nullptr;
    QLabel *m_pingrespCaption = nullptr;
    QLabel *m_pingresp = nullptr;
    QLabel *m_brokerDropCaption = nullptr;
    QLabel *m_brokerDrop = nullptr;
    QLabel *m_rttLast = nullptr;
    QLabel *m_rttPercentiles = nullptr;
    QLabel *m_pingCounts = nullptr;
    QLabel *m_keepAlive = nullptr;
    QFont m_countdownFont;
    QFont m_remarkFont;
};

} // namespace PingScope
