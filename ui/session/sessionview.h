#pragma once

#include "monitor/event.h"
#include "profiles/connectionprofile.h"
#include "session/session.h"

#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QSplitter;
class QTabWidget;

namespace PingScope {

class LivenessPanel;
class MessageModel;
class MessagesView;
class PacketInspector;
class PublishPanel;
class SessionHost;
class SubscriptionsPanel;
class TakeoverBanner;
class TimelineChart;
class TimelineModel;
class WillView;
struct SessionStatus;

// Everything about one session in the centre of the main window (UI.md): a title line, a
// take-over banner when there was one, the liveness countdowns, tabs (Timeline, Packets,
// Messages, Will) and, beside them, the Subscriptions and Publish panels. One per session,
// so switching sessions keeps each one's scroll position, selection and half-typed message.
class SessionView : public QWidget
{
public:
    SessionView(SessionHost *host, int session, QWidget *parent = nullptr);
    ~SessionView() override;

    int session() const { return m_session; }
    // The long title above everything, and the short name that heads the timeline's lanes.
    void setTitle(const QString &title, const QString &shortName = {});
    // What the panels need of the session's profile: its MQTT version (5.0 options and
    // properties are shown only for 5.0) and its id (the publish history is kept under it).
    void setProfile(const ConnectionProfile &profile);

    // Names other local sessions ("#2 sensor-17") in the banner and the timeline.
    void setSessionNamer(std::function<QString(int session)> namer);

    // This session's events of one batch.
    void appendEvents(const QList<const Event *> &events, qint64 nowNs, qint64 nowWallMs);
    // The session's latest snapshot (SessionBatch::statuses): the liveness countdowns.
    void setStatus(const SessionStatus &status);
    // Another session (a watcher) received this session's will.
    void willReceived(const Event &event, const QString &watcherName);
    // Shows the Packets tab with that packet selected (a click on the timeline).
    void showPacket(quint64 sequence);
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
    TimelineModel *timelineModel() const { return m_timelineModel.get(); }
    TimelineChart *timeline() const { return m_timeline; }
    PacketInspector *inspector() const { return m_inspector; }
    LivenessPanel *liveness() const { return m_liveness; }
    TakeoverBanner *takeoverBanner() const { return m_banner; }
    WillView *willView() const { return m_willView; }
    bool showsInsecureBadge() const { return !m_insecureBadge->isHidden(); }

private:
    QWidget *buildSide();

    int m_session;
    QLabel *m_title;
    QWidget *m_insecureBadge;
    std::unique_ptr<TimelineModel> m_timelineModel;
    TimelineChart *m_timeline;
    PacketInspector *m_inspector;
    LivenessPanel *m_liveness;
    TakeoverBanner *m_banner;
    WillView *m_willView;
    MessageModel *m_messages;
    MessagesView *m_messagesView;
    QTabWidget *m_tabs;
    SubscriptionsPanel *m_subscriptions;
    PublishPanel *m_publish;
    QSplitter *m_splitter;
};

} // namespace PingScope
