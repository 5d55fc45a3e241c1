#include "subscriptionspanel.h"

#include "protocol/reasoncodes.h"
#include "protocol/topics.h"
#include "session/sessionhost.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>

namespace PingScope {

namespace {
enum Column { FilterColumn, RequestedColumn, ResultColumn };
}

SubscriptionsPanel::SubscriptionsPanel(SessionHost *host, int session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
    , m_filter(new QLineEdit(this))
    , m_qos(new QComboBox(this))
    , m_subscribe(new QPushButton(tr("Subscribe"), this))
    , m_list(new QTreeWidget(this))
{
    m_filter->setObjectName(QStringLiteral("subscribeFilter"));
    m_filter->setPlaceholderText(tr("Topic filter, e.g. sensors/#"));
    m_qos->setObjectName(QStringLiteral("subscribeQos"));
    m_qos->addItems({tr("QoS 0"), tr("QoS 1"), tr("QoS 2")});
    m_qos->setToolTip(tr("The highest QoS asked for; the broker may grant less"));
    m_subscribe->setObjectName(QStringLiteral("subscribeButton"));
    m_subscribe->setToolTip(tr("Send SUBSCRIBE; the broker's answer appears in the list"));
    m_list->setObjectName(QStringLiteral("subscriptionList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Filter"), tr("Asked"), tr("Broker's answer")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(FilterColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(RequestedColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ResultColumn, QHeaderView::ResizeToContents);

    auto *layout = new QGridLayout(this);
    // The filter on a line of its own: filters are long ("site/+/sensors/#").
    layout->addWidget(m_filter, 0, 0, 1, 3);
    layout->addWidget(m_qos, 1, 0);
    layout->addWidget(m_subscribe, 1, 2);
    layout->addWidget(m_list, 2, 0, 1, 3);
    layout->setColumnStretch(1, 1);

    connect(m_subscribe, &QPushButton::clicked, this, &SubscriptionsPanel::subscribeFromInputs);
    connect(m_filter, &QLineEdit::returnPressed, this, &SubscriptionsPanel::subscribeFromInputs);
}

void SubscriptionsPanel::subscribeFromInputs()
{
    subscribe(m_filter->text().trimmed(), quint8(m_qos->currentIndex()));
}

void SubscriptionsPanel::subscribe(const QString &filter, quint8 qos)
{
    auto *item = new QTreeWidgetItem(m_list, {filter, tr("QoS %1").arg(qos)});
    // A bad filter is refused here, in words, rather than by the broker closing the link.
    const QString problem =
        filter.isEmpty() ? tr("enter a topic filter") : Protocol::topicFilterProblem(filter);
    if (!problem.isEmpty()) {
        item->setText(ResultColumn, tr("✕ not sent: %1").arg(problem));
        return;
    }
    item->setText(ResultColumn, tr("◐ waiting for SUBACK…"));
    m_byRequest.insert(m_host->subscribe(m_session, {Protocol::Subscription{filter, qos}}), item);
}

void SubscriptionsPanel::requestFinished(quint64 request, const Session::SendResult &result)
{
    QTreeWidgetItem *item = m_byRequest.take(request);
    if (!item)
        return; // another panel's request (publish)
    if (result.ok)
        m_byPacketId.insert(result.packetId, item);
    else
        item->setText(ResultColumn, tr("✕ not sent: %1").arg(result.error));
}

void SubscriptionsPanel::subscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes)
{
    QTreeWidgetItem *item = m_byPacketId.take(packetId);
    if (!item || reasonCodes.isEmpty())
        return;
    const quint8 code = reasonCodes.first();
    if (code < 0x80) {
        item->setText(ResultColumn, tr("● granted QoS %1").arg(code));
    } else {
        item->setText(
            ResultColumn,
            tr("✕ refused: %1").arg(Protocol::reasonCodeText(Protocol::PacketType::Suback, code)));
    }
}

} // namespace PingScope
