#pragma once

#include "session/session.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace PingScope {

class SessionHost;

// Publish one message: topic, payload, QoS, retain. The line under the button says what
// became of the last one: sent, acknowledged (QoS 1/2) or refused, and why.
class PublishPanel : public QWidget
{
public:
    PublishPanel(SessionHost *host, int session, QWidget *parent = nullptr);

    void publishFromInputs();
    // Routed here by the main window for this panel's session.
    void requestFinished(quint64 request, const Session::SendResult &result);
    void publishCompleted(quint16 packetId, quint8 reasonCode);

    QString resultText() const;

private:
    SessionHost *m_host;
    int m_session;
    QLineEdit *m_topic;
    QPlainTextEdit *m_payload;
    QComboBox *m_qos;
    QCheckBox *m_retain;
    QPushButton *m_publish;
    QLabel *m_result;
    QHash<quint64, QString> m_byRequest;  // request -> topic
    QHash<quint16, QString> m_byPacketId; // QoS 1/2 flows in progress -> topic
};

} // namespace PingScope
