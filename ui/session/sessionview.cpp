#include "sessionview.h"

#include "inspector/packetinspector.h"
#include "monitor/timelinemodel.h"
#include "protocol/codec.h"
#include "session/messagemodel.h"
#include "session/messagesview.h"
#include "session/publishpanel.h"
#include "session/sessionbatch.h"
#include "session/subscriptionspanel.h"
#include "session/takeoverbanner.h"
#include "session/willview.h"
#include "timeline/livenesspanel.h"
#include "timeline/timelinechart.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

namespace PingScope {

SessionView::SessionView(SessionHost *host, int session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_insecureBadge(new QWidget(this))
    , m_timelineModel(std::make_unique<TimelineModel>(session))
    , m_timeline(new TimelineChart(this))
    , m_inspector(new PacketInspector(this))
    , m_liveness(new LivenessPanel(this))
    , m_banner(new TakeoverBanner(this))
    , m_willView(new WillView(this))
    , m_messages(new MessageModel(this))
    , m_messagesView(new MessagesView(m_messages, this))
    , m_tabs(new QTabWidget(this))
    , m_subscriptions(new SubscriptionsPanel(host, session, this))
    , m_publish(new PublishPanel(host, session, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The heartbeat first: the timeline is what PingScope is for (UI.md's tab order).
    m_timeline->addModel(m_timelineModel.get(), QString());
    m_timeline->setSummaryProvider(
        [this](int, quint64 sequence) { return m_inspector->summaryOf(sequence); });
    QObject::connect(m_timeline, &TimelineChart::packetClicked, this,
                     [this](int, quint64 sequence) { showPacket(sequence); });
    m_tabs->setObjectName(QStringLiteral("sessionTabs"));
    m_tabs->addTab(m_timeline, tr("&Timeline"));
    m_tabs->addTab(m_inspector, tr("&Packets"));
    m_tabs->addTab(m_messagesView, tr("&Messages"));
    m_tabs->addTab(m_willView, tr("&Will"));

    // Banner and countdowns above the tabs, so they stay in sight whichever tab is open.
    auto *main = new QWidget(this);
    auto *mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    mainLayout->addWidget(m_banner);
    mainLayout->addWidget(m_liveness);
    mainLayout->addWidget(m_tabs, 1);

    QWidget *side = buildSide();
    m_splitter->setObjectName(QStringLiteral("sessionSplitter"));
    m_splitter->addWidget(main);
    m_splitter->addWidget(side);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_splitter->setSizes({em * 60, em * 30});

    // Hidden unless the profile accepts any certificate: a risk the user should never forget.
    m_insecureBadge->setObjectName(QStringLiteral("insecureBadge"));
    m_insecureBadge->setVisible(false);
    auto *badgeIcon = new QLabel(m_insecureBadge);
    const int iconSize = fontMetrics().height();
    badgeIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    auto *badgeText = new QLabel(tr("TLS certificate not verified"), m_insecureBadge);
    auto *badgeLayout = new QHBoxLayout(m_insecureBadge);
    badgeLayout->setContentsMargins(0, 0, 0, 0);
    badgeLayout->addWidget(badgeIcon);
    badgeLayout->addWidget(badgeText);
    m_insecureBadge->setToolTip(
        tr("This profile allows insecure TLS: certificate errors are ignored, so anyone "
           "between you and the broker can read and change this traffic. Turn verification "
           "back on in the profile's Security page."));

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_insecureBadge);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(titleRow);
    layout->addWidget(m_splitter, 1);
}

SessionView::~SessionView()
{
    // The chart is a child, deleted after the members: it must not keep the model's address.
    m_timeline->clearModels();
}

QWidget *SessionView::buildSide()
{
    // Subscriptions above Publish, the border between them draggable. Publish scrolls
    // rather than squeezing the subscription list when its 5.0 properties are open.
    auto *side = new QSplitter(Qt::Vertical, this);
    side->setObjectName(QStringLiteral("sideSplitter"));
    side->setChildrenCollapsible(false);
    auto *subscriptionsBox = new QGroupBox(tr("Subscriptions"), side);
    (new QVBoxLayout(subscriptionsBox))->addWidget(m_subscriptions);
    auto *publishBox = new QGroupBox(tr("Publish"));
    (new QVBoxLayout(publishBox))->addWidget(m_publish);
    auto *publishScroll = new QScrollArea(side);
    publishScroll->setObjectName(QStringLiteral("publishScroll"));
    publishScroll->setWidget(publishBox);
    publishScroll->setWidgetResizable(true);
    publishScroll->setFrameShape(QFrame::NoFrame);
    publishScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    side->addWidget(subscriptionsBox);
    side->addWidget(publishScroll);
    side->setStretchFactor(0, 2);
    side->setStretchFactor(1, 3);
    // The side's minimum comes from its contents: an explicit smaller one would let the
    // splitter cut off the right edge of the 5.0 options.
    publishScroll->setMinimumWidth(publishBox->minimumSizeHint().width() +
                                   style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    return side;
}

void SessionView::setTitle(const QString &title, const QString &shortName)
{
    m_title->setText(title);
    // The chart names a session when its model is added: added again under the new name.
    m_timeline->removeModel(m_timelineModel.get());
    m_timeline->addModel(m_timelineModel.get(), shortName);
    m_timeline->modelChanged();
}

void SessionView::setSessionNamer(std::function<QString(int session)> namer)
{
    m_banner->setSessionNamer(std::move(namer));
}

void SessionView::setProfile(const ConnectionProfile &profile)
{
    const SessionSettings &settings = profile.settings;
    m_timelineModel->setPingTimeoutMs(settings.pingTimeoutMs);
    m_liveness->setRequestedKeepAlive(quint16(qBound(0, settings.keepAliveSeconds, 65535)));
    m_banner->setHasWill(settings.will.has_value());
    m_willView->setWill(settings.will, settings.version);
    m_subscriptions->setProtocolVersion(profile.settings.version);
    m_publish->setProtocolVersion(profile.settings.version);
    m_publish->setHistoryKey(profile.id);
    const TlsSettings &tls = profile.settings.tls;
    m_insecureBadge->setVisible(tls.enabled && tls.allowInsecure);
}

void SessionView::setStatus(const SessionStatus &status)
{
    m_liveness->setStatus(status);
}

void SessionView::willReceived(const Event &event, const QString &watcherName)
{
    m_willView->willReceived(event, watcherName);
}

void SessionView::showPacket(quint64 sequence)
{
    // A liveness mark (connected, taken over) is no packet: the timeline stays in view.
    if (m_inspector->selectSequence(sequence))
        m_tabs->setCurrentWidget(m_inspector);
}

void SessionView::appendEvents(const QList<const Event *> &events, qint64 nowNs, qint64 nowWallMs)
{
    m_messages->appendEvents(events, nowNs, nowWallMs);
    m_inspector->appendEvents(events);
    for (const Event *event : events)
        m_timelineModel->append(*event);
    m_timeline->modelChanged();
    m_liveness->appendEvents(events);
    m_banner->appendEvents(events);
    m_willView->appendEvents(events);
    for (const Event *event : events) {
        if (!event->isPacket(Protocol::PacketType::Connack, Direction::Received))
            continue;
        // Rare (one per connection), so decoding it again here costs nothing.
        const Protocol::DecodeResult decoded = Protocol::decodePacket(event->raw, {event->version});
        const auto *connack = std::get_if<Protocol::ConnackPacket>(&decoded.decoded.packet);
        if (decoded.ok() && connack && connack->reasonCode == 0)
            m_subscriptions->connectionAccepted(connack->sessionPresent);
    }
}

void SessionView::requestFinished(quint64 request, const Session::SendResult &result)
{
    m_subscriptions->requestFinished(request, result);
    m_publish->requestFinished(request, result);
}

void SessionView::subscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes)
{
    m_subscriptions->subscribeCompleted(packetId, reasonCodes);
}

void SessionView::publishCompleted(quint16 packetId, quint8 reasonCode)
{
    m_publish->publishCompleted(packetId, reasonCode);
}

void SessionView::unsubscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes)
{
    m_subscriptions->unsubscribeCompleted(packetId, reasonCodes);
}

} // namespace PingScope
