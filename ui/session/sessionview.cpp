#include "sessionview.h"

#include "session/messagemodel.h"
#include "session/messagesview.h"
#include "session/publishpanel.h"
#include "session/subscriptionspanel.h"

#include <QGroupBox>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace PingScope {

SessionView::SessionView(SessionHost *host, int session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(new QLabel(this))
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

    m_tabs->setObjectName(QStringLiteral("sessionTabs"));
    m_tabs->addTab(m_messagesView, tr("&Messages"));
    m_tabs->addTab(placeholder(tr("The timeline comes next: every PINGREQ and PINGRESP on a "
                                  "time axis, with the keep-alive and 1.5 × broker windows.")),
                   tr("&Timeline"));
    m_tabs->addTab(placeholder(tr("The packet inspector comes next: every packet sent and "
                                  "received, decoded field by field, with its bytes.")),
                   tr("&Packets"));

    auto *side = new QWidget(this);
    auto *subscriptionsBox = new QGroupBox(tr("Subscriptions"), side);
    (new QVBoxLayout(subscriptionsBox))->addWidget(m_subscriptions);
    auto *publishBox = new QGroupBox(tr("Publish"), side);
    (new QVBoxLayout(publishBox))->addWidget(m_publish);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(subscriptionsBox, 1);
    sideLayout->addWidget(publishBox);

    m_splitter->setObjectName(QStringLiteral("sessionSplitter"));
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(side);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    // Room for a filter and the broker's answer side by side, before any saved sizes.
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    side->setMinimumWidth(em * 22);
    m_splitter->setSizes({em * 60, em * 26});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_splitter, 1);
}

QWidget *SessionView::placeholder(const QString &text)
{
    auto *label = new QLabel(text, this);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    label->setMargin(24);
    label->setEnabled(false); // the palette's dimmed text: a promise, not content
    return label;
}

void SessionView::setTitle(const QString &title)
{
    m_title->setText(title);
}

void SessionView::appendEvents(const QList<const Event *> &events, qint64 nowNs, qint64 nowWallMs)
{
    m_messages->appendEvents(events, nowNs, nowWallMs);
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

} // namespace PingScope
