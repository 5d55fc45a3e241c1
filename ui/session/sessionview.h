#pragma once

#include "monitor/event.h"
#include "profiles/connectionprofile.h"
#include "session/session.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTabWidget;

namespace PingScope {

class MessageModel;
class MessagesView;
class PublishPanel;
class SessionHost;
class SubscriptionsPanel;

// Everything about one session in the centre of the main window: a title line, tabs
// (Messages now; Timeline and Packets next) and, beside them, the Subscriptions and
// Publish panels. One per session, so switching sessions keeps each one's scroll position,
// selection and half-typed message.
class SessionView : public QWidget
{
public:
    SessionView(SessionHost *host, int session, QWidget *parent = nullptr);

    int session() const { return m_session; }
    void setTitle(const QString &title);
    // What the panels need of the session's profile: its MQTT version (5.0 options and
    // properties are shown only for 5.0) and its id (the publish history is kept under it).
    void setProfile(const ConnectionProfile &profile);

    // This session's events of one batch.
    void appendEvents(const QList<const Event *> &events, qint64 nowNs, qint64 nowWallMs);
    void requestFinished(quint64 request, const Session::SendResult &result);
    void subscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes);
    void publishCompleted(quint16 packetId, quint8 reasonCode);
    void unsubscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes);

    MessageModel *messages() const { return m_messages; }
    MessagesView *messagesView() const { return m_messagesView; }
    SubscriptionsPanel *subscriptions() const { return m_subscriptions; }
    PublishPanel *publisher() const { return m_publish; }
    QSplitter *splitter() const { return m_splitter; }
    QTabWidget *tabs() const { return m_tabs; }
    bool showsInsecureBadge() const { return !m_insecureBadge->isHidden(); }

private:
    QWidget *placeholder(const QString &text);

    int m_session;
    QLabel *m_title;
    QWidget *m_insecureBadge;
    MessageModel *m_messages;
    MessagesView *m_messagesView;
    QTabWidget *m_tabs;
    SubscriptionsPanel *m_subscriptions;
    PublishPanel *m_publish;
    QSplitter *m_splitter;
};

} // namespace PingScope
