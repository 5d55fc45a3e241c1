#pragma once

#include "editor/fieldproblems.h"
#include "protocol/protocolversion.h"
#include "session/session.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace PingScope {

class SessionHost;
class SubscribeOptions;

// Subscribe to topic filters and see what the broker made of each: the QoS it granted or its
// refusal, as SUBACK said; unsubscribe from one (button, context menu or Delete) and see the
// UNSUBACK. The filter is checked as typed; in 5.0 the subscription options and identifier
// are offered too. Answers arrive in two steps (the host's request number, then SUBACK or
// UNSUBACK by packet identifier); the panel keeps both maps.
class SubscriptionsPanel : public QWidget
{
public:
    // Columns of list(). The filter column shows the filter and, on a second line, the 5.0
    // options asked for; its item data holds the filter alone and the row's RowState.
    enum Column { FilterColumn, RequestedColumn, ResultColumn };

    SubscriptionsPanel(SessionHost *host, int session, QWidget *parent = nullptr);

    // Shows the 5.0 options only for a 5.0 session. Default: 5.0 (SessionSettings').
    void setProtocolVersion(Protocol::ProtocolVersion version);

    // Subscribes with the options as set in the panel; false (nothing sent) when the
    // filter or an option is invalid: the reason is shown under its field.
    bool subscribe(const QString &filter, quint8 qos);
    // Subscribes with the options given, whatever the panel shows (the will watcher's).
    bool subscribe(const Protocol::Subscription &subscription,
                   const Protocol::Properties &properties = {});
    // Unsubscribes from the selected filter, or removes a row that holds no subscription.
    void unsubscribeSelected();
    // Routed here by the main window for this panel's session.
    void requestFinished(quint64 request, const Session::SendResult &result);
    void subscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes);
    void unsubscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes);
    // A CONNACK accepted the connection. Without a session present the broker holds none of
    // the listed subscriptions any more (the Session does not subscribe again by itself):
    // the panel asks for each again, with its options, and the rows say so.
    void connectionAccepted(bool sessionPresent);

    QTreeWidget *list() const { return m_list; }
    QTreeWidgetItem *itemFor(const QString &filter) const;
    static QString filterOf(const QTreeWidgetItem *item);
    bool canSubscribe() const;
    QString statusText() const;

private:
    enum class RowState { Pending, Granted, Refused, Unsubscribing };
    struct Request
    {
        QTreeWidgetItem *item;
        bool unsubscribe;
    };

    struct Asked
    {
        Protocol::Subscription subscription;
        Protocol::Properties properties;
    };

    void subscribeFromInputs();
    bool send(const Protocol::Subscription &subscription, const Protocol::Properties &properties,
              const QString &waiting);
    void validate();
    // Problems with the typed filter and options; fills `subscription` and `properties`.
    QList<SettingsProblem> check(Protocol::Subscription &subscription,
                                 Protocol::Properties &properties) const;
    void setRowState(QTreeWidgetItem *item, RowState state, const QString &answer);
    static RowState rowState(const QTreeWidgetItem *item);
    void updateUnsubscribeButton();
    void showListMenu(const QPoint &position);
    void forget(QTreeWidgetItem *item);

    SessionHost *m_host;
    int m_session;
    bool m_v5 = true;
    QLineEdit *m_filter;
    QComboBox *m_qos;
    QPushButton *m_subscribe;
    SubscribeOptions *m_options;
    QTreeWidget *m_list;
    QPushButton *m_unsubscribe;
    QLabel *m_status;
    FieldProblems m_problems;
    QHash<quint64, Request> m_byRequest;
    QHash<quint16, QTreeWidgetItem *> m_subscribing;   // SUBACK awaited, by packet id
    QHash<quint16, QTreeWidgetItem *> m_unsubscribing; // UNSUBACK awaited, by packet id
    QHash<QTreeWidgetItem *, Asked> m_asked;           // each row's last SUBSCRIBE
};

} // namespace PingScope
