#include "publishpanel.h"

#include "protocol/reasoncodes.h"
#include "protocol/topics.h"
#include "session/sessionhost.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace PingScope {

PublishPanel::PublishPanel(SessionHost *host, int session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
    , m_topic(new QLineEdit(this))
    , m_payload(new QPlainTextEdit(this))
    , m_qos(new QComboBox(this))
    , m_retain(new QCheckBox(tr("Retain"), this))
    , m_publish(new QPushButton(tr("Publish"), this))
    , m_result(new QLabel(this))
{
    m_topic->setObjectName(QStringLiteral("publishTopic"));
    m_topic->setPlaceholderText(tr("Topic, e.g. sensors/17/temperature"));
    m_payload->setObjectName(QStringLiteral("publishPayload"));
    m_payload->setPlaceholderText(tr("Payload (text or JSON)"));
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setTabChangesFocus(true);
    m_payload->setMaximumHeight(m_payload->fontMetrics().height() * 6);
    m_qos->setObjectName(QStringLiteral("publishQos"));
    m_qos->addItems({tr("QoS 0"), tr("QoS 1"), tr("QoS 2")});
    m_retain->setObjectName(QStringLiteral("publishRetain"));
    m_retain->setToolTip(tr("The broker keeps the message and gives it to later subscribers"));
    m_publish->setObjectName(QStringLiteral("publishButton"));
    m_publish->setToolTip(tr("Send PUBLISH (Return in the topic field)"));
    m_result->setObjectName(QStringLiteral("publishResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QGridLayout(this);
    layout->addWidget(m_topic, 0, 0, 1, 4);
    layout->addWidget(m_payload, 1, 0, 1, 4);
    layout->addWidget(m_qos, 2, 0);
    layout->addWidget(m_retain, 2, 1);
    layout->addWidget(m_publish, 2, 3);
    layout->addWidget(m_result, 3, 0, 1, 4);
    layout->setColumnStretch(2, 1);

    connect(m_publish, &QPushButton::clicked, this, &PublishPanel::publishFromInputs);
    connect(m_topic, &QLineEdit::returnPressed, this, &PublishPanel::publishFromInputs);
}

QString PublishPanel::resultText() const
{
    return m_result->text();
}

void PublishPanel::publishFromInputs()
{
    const QString topic = m_topic->text().trimmed();
    const QString problem =
        topic.isEmpty() ? tr("enter a topic") : Protocol::topicNameProblem(topic);
    if (!problem.isEmpty()) {
        m_result->setText(tr("✕ not sent: %1").arg(problem));
        return;
    }
    Protocol::PublishPacket message;
    message.topic = topic;
    message.payload = m_payload->toPlainText().toUtf8();
    message.qos = quint8(m_qos->currentIndex());
    message.retain = m_retain->isChecked();
    m_byRequest.insert(m_host->publish(m_session, message), topic);
    m_result->setText(tr("◐ sending to %1…").arg(topic));
}

void PublishPanel::requestFinished(quint64 request, const Session::SendResult &result)
{
    if (!m_byRequest.contains(request))
        return; // another panel's request (subscribe)
    const QString topic = m_byRequest.take(request);
    if (!result.ok) {
        m_result->setText(tr("✕ not sent to %1: %2").arg(topic, result.error));
    } else if (result.packetId == 0) {
        m_result->setText(tr("● sent to %1 (QoS 0: no acknowledgement)").arg(topic));
    } else {
        m_byPacketId.insert(result.packetId, topic);
        m_result->setText(tr("◐ sent to %1 as packet %2, waiting for the broker…")
                              .arg(topic)
                              .arg(result.packetId));
    }
}

void PublishPanel::publishCompleted(quint16 packetId, quint8 reasonCode)
{
    if (!m_byPacketId.contains(packetId))
        return;
    const QString topic = m_byPacketId.take(packetId);
    const QString code = Protocol::reasonCodeText(Protocol::PacketType::Puback, reasonCode);
    m_result->setText(reasonCode < 0x80 ? tr("● delivered to the broker: %1 (%2)").arg(topic, code)
                                        : tr("✕ refused by the broker: %1 (%2)").arg(topic, code));
}

} // namespace PingScope
