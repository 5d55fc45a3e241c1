#include "subscribeoptions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

namespace PingScope {

namespace {
const QString NoLocalField = QStringLiteral("No local");
const QString IdentifierField = QStringLiteral("Subscription identifier");
// A Variable Byte Integer holds at most 268,435,455; 0 is a protocol error [MQTT-3.8.2-1].
constexpr qulonglong MaximumIdentifier = 268'435'455;
} // namespace

SubscribeOptions::SubscribeOptions(QWidget *parent)
    : QWidget(parent)
    , m_noLocal(new QCheckBox(tr("&No local"), this))
    , m_retainAsPublished(new QCheckBox(tr("Retain &as published"), this))
    , m_retainHandling(new QComboBox(this))
    , m_identifier(new QLineEdit(this))
{
    m_noLocal->setObjectName(QStringLiteral("subscribeNoLocal"));
    m_noLocal->setToolTip(tr("The broker does not send this session the messages it publishes "
                             "itself [MQTT-3.8.3-3]; not allowed on a shared subscription"));
    m_retainAsPublished->setObjectName(QStringLiteral("subscribeRetainAsPublished"));
    m_retainAsPublished->setToolTip(tr("Forwarded messages keep the retain flag they were "
                                       "published with; otherwise the broker clears it "
                                       "[MQTT-3.3.1-12] [MQTT-3.3.1-13]"));
    m_retainHandling->setObjectName(QStringLiteral("subscribeRetainHandling"));
    for (quint8 handling = 0; handling <= 2; ++handling)
        m_retainHandling->addItem(retainHandlingText(handling), handling);
    m_retainHandling->setToolTip(
        tr("Retain handling: whether the broker sends the retained messages matching the filter "
           "when you subscribe. 0: always; 1: only if this subscription did not exist yet; "
           "2: never [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11]"));
    m_identifier->setObjectName(QStringLiteral("subscribeIdentifier"));
    m_identifier->setPlaceholderText(tr("id (optional)"));
    m_identifier->setClearButtonEnabled(true);
    m_identifier->setToolTip(tr("Subscription Identifier, 1 to 268435455: the broker puts it "
                                "on every message this subscription delivers, so you see which "
                                "filter matched (shown in the message's details)"));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_problems.wrap(m_noLocal, NoLocalField), 0, 0);
    layout->addWidget(m_retainAsPublished, 0, 1);
    layout->addWidget(m_retainHandling, 1, 0);
    layout->addWidget(m_problems.wrap(m_identifier, IdentifierField), 1, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);

    for (QCheckBox *box : {m_noLocal, m_retainAsPublished})
        connect(box, &QCheckBox::toggled, this, &SubscribeOptions::changed);
    connect(m_retainHandling, &QComboBox::currentIndexChanged, this, &SubscribeOptions::changed);
    connect(m_identifier, &QLineEdit::textChanged, this, &SubscribeOptions::changed);
}

QString SubscribeOptions::retainHandlingText(quint8 retainHandling)
{
    switch (retainHandling) {
    case 0:
        return tr("retained: send");
    case 1:
        return tr("retained: if new");
    default:
        return tr("retained: don't send");
    }
}

Protocol::Properties SubscribeOptions::apply(Protocol::Subscription &subscription,
                                             QList<SettingsProblem> &problems) const
{
    subscription.noLocal = m_noLocal->isChecked();
    subscription.retainAsPublished = m_retainAsPublished->isChecked();
    subscription.retainHandling = quint8(m_retainHandling->currentData().toUInt());
    if (subscription.noLocal && subscription.topicFilter.startsWith(QStringLiteral("$share/")))
        problems.append({NoLocalField, tr("not allowed on a shared subscription: the broker "
                                          "would close the connection [MQTT-3.8.3-4]")});
    Protocol::Properties properties;
    if (const QString text = m_identifier->text().trimmed(); !text.isEmpty()) {
        bool ok = false;
        const qulonglong identifier = text.toULongLong(&ok);
        if (ok && identifier >= 1 && identifier <= MaximumIdentifier)
            properties.setInteger(Protocol::PropertyId::SubscriptionIdentifier,
                                  quint32(identifier));
        else
            problems.append({IdentifierField, tr("a whole number from 1 to 268435455")});
    }
    return properties;
}

void SubscribeOptions::showProblems(const QList<SettingsProblem> &problems)
{
    m_problems.show(problems);
}

QString SubscribeOptions::summary(const Protocol::Subscription &subscription, quint32 identifier)
{
    QStringList parts;
    if (subscription.noLocal)
        parts << tr("no local");
    if (subscription.retainAsPublished)
        parts << tr("retain as published");
    if (subscription.retainHandling != 0)
        parts << retainHandlingText(subscription.retainHandling);
    if (identifier != 0)
        parts << tr("id %1").arg(identifier);
    return parts.join(QStringLiteral(" · "));
}

} // namespace PingScope
