#pragma once

#include "session/session.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace PingScope {

class SessionHost;

// Subscribe one topic filter at a time and see what the broker made of each: the QoS it
// granted or its refusal, as SUBACK said. The answer arrives in two steps (the host's
// request number, then SUBACK by packet identifier); the panel keeps both maps.
class SubscriptionsPanel : public QWidget
{
public:
    SubscriptionsPanel(SessionHost *host, int session, QWidget *parent = nullptr);

    void subscribe(const QString &filter, quint8 qos);
    // Routed here by the main window for this panel's session.
    void requestFinished(quint64 request, const Session::SendResult &result);
    void subscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes);

    QTreeWidget *list() const { return m_list; }

private:
    void subscribeFromInputs();

    SessionHost *m_host;
    int m_session;
    QLineEdit *m_filter;
    QComboBox *m_qos;
    QPushButton *m_subscribe;
    QTreeWidget *m_list;
    QHash<quint64, QTreeWidgetItem *> m_byRequest;
    QHash<quint16, QTreeWidgetItem *> m_byPacketId;
};

} // namespace PingScope
