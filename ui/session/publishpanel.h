#pragma once

#include "editor/fieldproblems.h"
#include "protocol/protocolversion.h"
#include "session/payloadformat.h"
#include "session/publishhistory.h"
#include "session/session.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace PingScope {

class PublishProperties;
class SessionHost;

// Publish one message: topic, payload typed as text, JSON or hex, QoS, retain and, in 5.0,
// the PUBLISH properties. Every field is checked as typed; Publish stays disabled, with the
// reason under the field, while anything cannot be sent as typed. The line at the bottom says
// what became of the last message: sent, acknowledged (QoS 1/2) or refused, and why. Recent
// publishes can be chosen again from a list (PublishHistory).
class PublishPanel : public QWidget
{
public:
    PublishPanel(SessionHost *host, int session, QWidget *parent = nullptr);

    // Shows the 5.0 properties only for a 5.0 session. Default: 5.0 (SessionSettings').
    void setProtocolVersion(Protocol::ProtocolVersion version);
    // Where the history is kept across runs (the profile's id); "" keeps it in memory only.
    void setHistoryKey(const QString &key);

    void publishFromInputs();
    // Routed here by the main window for this panel's session.
    void requestFinished(quint64 request, const Session::SendResult &result);
    void publishCompleted(quint16 packetId, quint8 reasonCode);

    // The message the fields stand for; nothing, and the problems, when they cannot be sent.
    std::optional<Protocol::PublishPacket> message(QList<SettingsProblem> &problems) const;
    // Every field as typed, and back: what the history keeps.
    QJsonObject draft() const;
    void setDraft(const QJsonObject &draft);
    const PublishHistory &history() const { return m_history; }

    bool canPublish() const;
    QString resultText() const;

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    PayloadMode mode() const;
    void switchMode();
    void validate();
    void updatePropertiesTitle();
    void showHistory();

    SessionHost *m_host;
    int m_session;
    bool m_v5 = true;
    QLineEdit *m_topic;
    QComboBox *m_mode;
    QComboBox *m_recent;
    QPlainTextEdit *m_payload;
    QComboBox *m_qos;
    QCheckBox *m_retain;
    QPushButton *m_publish;
    QToolButton *m_propertiesToggle;
    PublishProperties *m_properties;
    QLabel *m_result;
    FieldProblems m_problems;
    PayloadMode m_shownMode = PayloadMode::Text; // the notation the payload field holds
    PublishHistory m_history;
    QHash<quint64, QString> m_byRequest;  // request -> topic
    QHash<quint16, QString> m_byPacketId; // QoS 1/2 flows in progress -> topic
};

} // namespace PingScope
