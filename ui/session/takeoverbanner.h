#pragma once

#include "monitor/event.h"

#include <QFrame>
#include <QList>

#include <functional>

class QLabel;
class QPushButton;

namespace PingScope {

class ShapeIcon;

// The banner at the top of a session's view when the session was taken over (issue 6, DESIGN
// "Take-over"): by whom, when, how PingScope knows (the broker's 0x8E, or inferred from a
// close), and what happens next (reconnecting, reconnect stopped by flapping, the will
// published). Hidden until a take-over; after the session connects again it shrinks to one
// line, "was taken over at ...", until dismissed.
class TakeoverBanner : public QFrame
{
    Q_OBJECT

public:
    using SessionNamer = std::function<QString(int session)>;

    explicit TakeoverBanner(QWidget *parent);

    // This session's events of one batch, oldest first.
    void appendEvents(const QList<const Event *> &events);
    // Names a local session ("sensor-17 #2"); never asked about 0, "another client".
    void setSessionNamer(SessionNamer namer);
    // Whether this session's connection had a will: a take-over ends it without DISCONNECT,
    // so the broker publishes it.
    void setHasWill(bool hasWill);

    bool isCompact() const { return m_compact; }

Q_SIGNALS:
    // "Show both": the timeline overlay of this session and the one that took it over.
    void showBothRequested(int otherSession);
    void dismissed();

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Next { Unknown, Reconnecting, Stopped, Flapping };

    void takenOver(const Event &event);
    void refresh();
    void applyStyle();
    QString takerName() const;
    QString howText() const;
    QString nextText() const;

    SessionNamer m_namer;
    bool m_hasWill = false;
    bool m_dismissed = true;
    bool m_compact = false;
    int m_otherSession = 0;
    bool m_inferred = false;
    bool m_closedWithOthers = false; // other client IDs' links closed at the same moment
    quint8 m_reasonCode = 0;
    QString m_when;
    Next m_next = Next::Unknown;
    qint64 m_reconnectDelayNs = -1;

    ShapeIcon *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_how = nullptr;
    QLabel *m_nextLabel = nullptr;
    QLabel *m_will = nullptr;
    QPushButton *m_showBoth = nullptr;
};

} // namespace PingScope
