#include "subscriptionspanel.h"

#include "protocol/reasoncodes.h"
#include "protocol/topics.h"
#include "session/sessionhost.h"
#include "session/subscribeoptions.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QTreeWidget>

#include <algorithm>

namespace PingScope {

namespace {
const QString FilterField = QStringLiteral("Topic filter");
constexpr int StateRole = Qt::UserRole;
constexpr int FilterRole = Qt::UserRole + 1; // the filter alone; the cell may show options too
} // namespace

SubscriptionsPanel::SubscriptionsPanel(SessionHost *host, int session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
    , m_filter(new QLineEdit(this))
    , m_qos(new QComboBox(this))
    , m_subscribe(new QPushButton(tr("&Subscribe"), this))
    , m_options(new SubscribeOptions(this))
    , m_list(new QTreeWidget(this))
    , m_unsubscribe(new QPushButton(tr("&Unsubscribe"), this))
    , m_status(new QLabel(this))
{
    m_filter->setObjectName(QStringLiteral("subscribeFilter"));
    m_filter->setPlaceholderText(tr("Topic filter, e.g. sensors/#"));
    m_filter->setToolTip(tr("'+' matches one level, '#' all levels below (last only); "
                            "Return subscribes"));
    m_filter->setClearButtonEnabled(true);
    m_qos->setObjectName(QStringLiteral("subscribeQos"));
    m_qos->addItems({tr("QoS 0"), tr("QoS 1"), tr("QoS 2")});
    m_qos->setToolTip(tr("The highest QoS asked for; the broker may grant less"));
    m_subscribe->setObjectName(QStringLiteral("subscribeButton"));
    m_options->setObjectName(QStringLiteral("subscribeOptions"));
    m_list->setObjectName(QStringLiteral("subscriptionList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Filter"), tr("Asked"), tr("Broker's answer")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(FilterColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(RequestedColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ResultColumn, QHeaderView::ResizeToContents);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_unsubscribe->setObjectName(QStringLiteral("unsubscribeButton"));
    m_status->setObjectName(QStringLiteral("subscriptionStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // The filter on a line of its own: filters are long ("site/+/sensors/#").
    layout->addWidget(m_problems.wrap(m_filter, FilterField), 0, 0, 1, 3);
    layout->addWidget(m_options, 1, 0, 1, 3);
    layout->addWidget(m_qos, 2, 0);
    layout->addWidget(m_subscribe, 2, 2);
    layout->addWidget(m_list, 3, 0, 1, 3);
    layout->addWidget(m_unsubscribe, 4, 0);
    layout->addWidget(m_status, 4, 1, 1, 2);
    layout->setColumnStretch(1, 1);
    layout->setRowStretch(3, 1);

    auto *remove = new QShortcut(QKeySequence::Delete, m_list);
    remove->setContext(Qt::WidgetShortcut);
    connect(remove, &QShortcut::activated, this, &SubscriptionsPanel::unsubscribeSelected);
    connect(m_subscribe, &QPushButton::clicked, this, &SubscriptionsPanel::subscribeFromInputs);
    connect(m_filter, &QLineEdit::returnPressed, this, &SubscriptionsPanel::subscribeFromInputs);
    connect(m_filter, &QLineEdit::textChanged, this, &SubscriptionsPanel::validate);
    connect(m_options, &SubscribeOptions::changed, this, &SubscriptionsPanel::validate);
    connect(m_unsubscribe, &QPushButton::clicked, this, &SubscriptionsPanel::unsubscribeSelected);
    connect(m_list, &QTreeWidget::currentItemChanged, this,
            &SubscriptionsPanel::updateUnsubscribeButton);
    connect(m_list, &QWidget::customContextMenuRequested, this, &SubscriptionsPanel::showListMenu);
    validate();
    updateUnsubscribeButton();
}

void SubscriptionsPanel::setProtocolVersion(Protocol::ProtocolVersion version)
{
    m_v5 = version == Protocol::ProtocolVersion::V5;
    m_options->setVisible(m_v5);
    validate();
}

QList<SettingsProblem> SubscriptionsPanel::check(Protocol::Subscription &subscription,
                                                 Protocol::Properties &properties) const
{
    QList<SettingsProblem> problems;
    if (!subscription.topicFilter.isEmpty()) {
        QString problem = Protocol::topicFilterProblem(subscription.topicFilter);
        if (problem.isEmpty() && m_v5)
            problem = Protocol::sharedSubscriptionProblem(subscription.topicFilter);
        if (!problem.isEmpty())
            problems.append({FilterField, problem});
    }
    if (m_v5)
        properties = m_options->apply(subscription, problems);
    return problems;
}

void SubscriptionsPanel::validate()
{
    Protocol::Subscription subscription{m_filter->text(), 0};
    Protocol::Properties properties;
    const QList<SettingsProblem> problems = check(subscription, properties);
    m_options->showProblems(m_problems.show(problems));
    m_subscribe->setEnabled(canSubscribe());
    m_subscribe->setToolTip(m_filter->text().isEmpty()
                                ? tr("Enter a topic filter to subscribe to")
                                : tr("Send SUBSCRIBE; the broker's answer appears in the list"));
}

bool SubscriptionsPanel::canSubscribe() const
{
    Protocol::Subscription subscription{m_filter->text(), 0};
    Protocol::Properties properties;
    return !subscription.topicFilter.isEmpty() && check(subscription, properties).isEmpty();
}

void SubscriptionsPanel::subscribeFromInputs()
{
    subscribe(m_filter->text(), quint8(m_qos->currentIndex()));
}

QTreeWidgetItem *SubscriptionsPanel::itemFor(const QString &filter) const
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (filterOf(m_list->topLevelItem(i)) == filter)
            return m_list->topLevelItem(i);
    }
    return nullptr;
}

QString SubscriptionsPanel::filterOf(const QTreeWidgetItem *item)
{
    return item->data(FilterColumn, FilterRole).toString();
}

bool SubscriptionsPanel::subscribe(const QString &filter, quint8 qos)
{
    Protocol::Subscription subscription{filter, qos};
    Protocol::Properties properties;
    if (filter.isEmpty() || !check(subscription, properties).isEmpty())
        return false; // validate() shows why under the field
    return send(subscription, properties, tr("◐ waiting for SUBACK…"));
}

bool SubscriptionsPanel::subscribe(const Protocol::Subscription &subscription,
                                   const Protocol::Properties &properties)
{
    return send(subscription, properties, tr("◐ waiting for SUBACK…"));
}

bool SubscriptionsPanel::send(const Protocol::Subscription &subscription,
                              const Protocol::Properties &properties, const QString &waiting)
{
    const QString &filter = subscription.topicFilter;
    // Subscribing to a filter again replaces its subscription at the broker
    // [MQTT-3.8.4-3]: one row per filter, updated.
    QTreeWidgetItem *item = itemFor(filter);
    if (item && rowState(item) == RowState::Unsubscribing) {
        m_status->setText(tr("%1: wait for the UNSUBACK, then subscribe again").arg(filter));
        return false;
    }
    if (!item) {
        item = new QTreeWidgetItem(m_list);
        item->setData(FilterColumn, FilterRole, filter);
    }
    m_asked.insert(item, {subscription, properties});
    const quint32 identifier =
        properties.integer(Protocol::PropertyId::SubscriptionIdentifier).value_or(0);
    // The 5.0 options on a second line under the filter: the filter keeps the width it
    // needs in a narrow panel, and the options stay visible without a column of their own.
    const QString options = SubscribeOptions::summary(subscription, identifier);
    item->setText(FilterColumn, options.isEmpty() ? filter : filter + u'\n' + options);
    item->setToolTip(FilterColumn, item->text(FilterColumn));
    item->setText(RequestedColumn, tr("QoS %1").arg(subscription.qos));
    item->setToolTip(RequestedColumn,
                     tr("The QoS asked for; the broker's answer says what it granted"));
    setRowState(item, RowState::Pending, waiting);
    m_byRequest.insert(m_host->subscribe(m_session, {subscription}, properties), {item, false});
    return true;
}

void SubscriptionsPanel::unsubscribeSelected()
{
    QTreeWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const QString filter = filterOf(item);
    switch (rowState(item)) {
    case RowState::Pending:
    case RowState::Unsubscribing:
        return; // an answer is on its way; the button is disabled meanwhile
    case RowState::Refused:
        // The broker holds nothing for it: nothing to send, the row just goes.
        forget(item);
        delete item;
        m_status->setText(tr("Removed %1 from the list (it was not subscribed)").arg(filter));
        return;
    case RowState::Granted:
        break;
    }
    item->setData(ResultColumn, Qt::UserRole, item->text(ResultColumn)); // for a refusal
    setRowState(item, RowState::Unsubscribing, tr("◐ waiting for UNSUBACK…"));
    m_byRequest.insert(m_host->unsubscribe(m_session, {filter}), {item, true});
}

void SubscriptionsPanel::requestFinished(quint64 request, const Session::SendResult &result)
{
    const auto found = m_byRequest.constFind(request);
    if (found == m_byRequest.cend())
        return; // another panel's request (publish)
    const Request pending = *found;
    m_byRequest.erase(found);
    if (result.ok) {
        (pending.unsubscribe ? m_unsubscribing : m_subscribing)
            .insert(result.packetId, pending.item);
    } else if (pending.unsubscribe) {
        setRowState(pending.item, RowState::Granted,
                    pending.item->data(ResultColumn, Qt::UserRole).toString());
        m_status->setText(
            tr("✕ UNSUBSCRIBE %1 not sent: %2").arg(filterOf(pending.item), result.error));
    } else {
        setRowState(pending.item, RowState::Refused, tr("✕ not sent: %1").arg(result.error));
    }
}

void SubscriptionsPanel::subscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes)
{
    QTreeWidgetItem *item = m_subscribing.take(packetId);
    if (!item || reasonCodes.isEmpty())
        return;
    const quint8 code = reasonCodes.first();
    if (code < 0x80)
        setRowState(item, RowState::Granted, tr("● granted QoS %1").arg(code));
    else
        setRowState(
            item, RowState::Refused,
            tr("✕ refused: %1").arg(Protocol::reasonCodeText(Protocol::PacketType::Suback, code)));
}

void SubscriptionsPanel::unsubscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes)
{
    QTreeWidgetItem *item = m_unsubscribing.take(packetId);
    if (!item)
        return;
    const QString filter = filterOf(item);
    // 3.1.1's UNSUBACK carries no code: it always means done.
    const quint8 code = reasonCodes.isEmpty() ? Protocol::ReasonCode::Success : reasonCodes.first();
    const QString codeText = reasonCodes.isEmpty()
                                 ? tr("UNSUBACK")
                                 : Protocol::reasonCodeText(Protocol::PacketType::Unsuback, code);
    if (code >= 0x80) {
        setRowState(item, RowState::Granted, item->data(ResultColumn, Qt::UserRole).toString());
        m_status->setText(
            tr("✕ still subscribed to %1: the broker refused (%2)").arg(filter, codeText));
        return;
    }
    // 0x11 "No subscription existed" is a success too: the filter is not subscribed now.
    forget(item);
    delete item;
    m_status->setText(tr("● unsubscribed from %1 (%2)").arg(filter, codeText));
}

void SubscriptionsPanel::connectionAccepted(bool sessionPresent)
{
    if (sessionPresent)
        return; // the broker kept the session, and its subscriptions with it
    // SUBACKs and UNSUBACKs still awaited belong to the connection that is gone. A request
    // not answered yet is another matter: the host answers after the batch's events, so it
    // was made on this new connection (or is refused as "not connected") and is kept.
    m_subscribing.clear();
    m_unsubscribing.clear();
    // The broker holds none of the subscriptions any more: each is asked for again, with
    // the options it had, as a user expects of a client that reconnects by itself.
    QList<QTreeWidgetItem *> again;
    QList<QTreeWidgetItem *> gone;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        const bool awaitingRequest =
            std::any_of(m_byRequest.cbegin(), m_byRequest.cend(),
                        [item](const Request &request) { return request.item == item; });
        if (awaitingRequest || rowState(item) == RowState::Refused)
            continue;
        (rowState(item) == RowState::Unsubscribing ? gone : again).append(item);
    }
    for (QTreeWidgetItem *item : std::as_const(gone)) {
        forget(item); // it was being unsubscribed: the new session has it no more anyway
        delete item;
    }
    for (QTreeWidgetItem *item : std::as_const(again)) {
        const Asked asked = m_asked.value(item);
        send(asked.subscription, asked.properties,
             tr("◐ subscribing again: the broker started a new session"));
    }
}

void SubscriptionsPanel::setRowState(QTreeWidgetItem *item, RowState state, const QString &answer)
{
    item->setData(FilterColumn, StateRole, int(state));
    item->setText(ResultColumn, answer);
    item->setToolTip(ResultColumn, answer);
    if (item == m_list->currentItem())
        updateUnsubscribeButton();
}

SubscriptionsPanel::RowState SubscriptionsPanel::rowState(const QTreeWidgetItem *item)
{
    return RowState(item->data(FilterColumn, StateRole).toInt());
}

void SubscriptionsPanel::updateUnsubscribeButton()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    const RowState state = item ? rowState(item) : RowState::Pending;
    const bool remove = item && state == RowState::Refused;
    m_unsubscribe->setText(remove ? tr("Re&move") : tr("&Unsubscribe"));
    m_unsubscribe->setEnabled(item && (state == RowState::Granted || remove));
    m_unsubscribe->setToolTip(remove ? tr("Remove this filter from the list; it holds no "
                                          "subscription (Delete)")
                                     : tr("Send UNSUBSCRIBE for the selected filter; the "
                                          "broker's UNSUBACK is shown below (Delete)"));
}

void SubscriptionsPanel::showListMenu(const QPoint &position)
{
    QTreeWidgetItem *item = m_list->itemAt(position);
    if (!item)
        return;
    m_list->setCurrentItem(item);
    QMenu menu(this);
    QAction *action = menu.addAction(m_unsubscribe->text().remove(QLatin1Char('&')) +
                                     QStringLiteral(" %1").arg(filterOf(item)));
    action->setEnabled(m_unsubscribe->isEnabled());
    if (menu.exec(m_list->viewport()->mapToGlobal(position)) == action)
        unsubscribeSelected();
}

QString SubscriptionsPanel::statusText() const
{
    return m_status->text();
}

void SubscriptionsPanel::forget(QTreeWidgetItem *item)
{
    m_asked.remove(item);
    for (auto *map : {&m_subscribing, &m_unsubscribing})
        map->removeIf([item](const auto &entry) { return entry.value() == item; });
    m_byRequest.removeIf([item](const auto &entry) { return entry.value().item == item; });
}

} // namespace PingScope
