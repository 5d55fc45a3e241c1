#pragma once

#include "monitor/event.h"
#include "protocol/packets.h"
#include "protocol/protocolversion.h"

#include <QFont>
#include <QList>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QPushButton;

namespace PingScope {

class ShapeIcon;

// The "Will" tab of a session: the will its CONNECT carries and what has become of it, each
// state with the sentence that explains it (issue 6): none configured; armed while connected;
// discarded by a normal DISCONNECT; expected after an abnormal end; published, as a watcher
// session saw it arrive, with the time from the connection's loss to the arrival.
class WillView : public QWidget
{
    Q_OBJECT

public:
    enum class State { None, NotArmed, Armed, Discarded, Expected, Published };

    explicit WillView(QWidget *parent);

    // The will of the session's profile (what its next CONNECT carries).
    void setWill(const std::optional<Protocol::Will> &will, Protocol::ProtocolVersion version);
    // This session's own events of one batch, oldest first.
    void appendEvents(const QList<const Event *> &events);
    // A WillReceived event another session (the watcher) recorded for this session's will;
    // its valueNs is the time from this session's connection loss to the arrival.
    void willReceived(const Event &event, const QString &watcherName);

    State state() const { return m_state; }

Q_SIGNALS:
    // "Watch this will": open a watcher session subscribed to the will topic.
    void watchRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    // `unnoticed`: the broker cannot see the end yet (no FIN reached it, a half-open link).
    void ended(const QString &cause, bool unnoticed = false);
    void sentDisconnect(const Event &event);
    void refresh();
    void refreshDetails();
    void applyStyle();
    qint64 willDelaySeconds() const;
    QString title() const;
    QString explanation() const;

    std::optional<Protocol::Will> m_will;
    Protocol::ProtocolVersion m_version = Protocol::ProtocolVersion::V5;
    State m_state = State::None;
    bool m_connected = false;
    bool m_blackHoled = false; // this connection's: nothing it sends reaches the broker
    bool m_unnoticed = false;  // the end, for "expected": the broker finds out by silence
    QString m_endCause;        // why the connection ended, for "expected"
    QString m_published;       // the last publication seen by a watcher, in words

    QFont m_figureFont;
    ShapeIcon *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_explanation = nullptr;
    QLabel *m_publishedLabel = nullptr;
    QWidget *m_details = nullptr;
    QLabel *m_topic = nullptr;
    QLabel *m_qos = nullptr;
    QLabel *m_retain = nullptr;
    QLabel *m_payload = nullptr;
    QLabel *m_delay = nullptr;
    QLabel *m_delayCaption = nullptr;
    QPushButton *m_watch = nullptr;
};

} // namespace PingScope
