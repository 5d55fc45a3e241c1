#include "publishpanel.h"

#include "protocol/reasoncodes.h"
#include "protocol/topics.h"
#include "session/publishproperties.h"
#include "session/sessionhost.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>

namespace PingScope {

namespace {
const QString TopicField = QStringLiteral("Topic");
const QString PayloadField = QStringLiteral("Payload");

const QString TopicKey = QStringLiteral("topic");
const QString PayloadKey = QStringLiteral("payload");
const QString ModeKey = QStringLiteral("mode");
const QString QosKey = QStringLiteral("qos");
const QString RetainKey = QStringLiteral("retain");
const QString PropertiesKey = QStringLiteral("properties");
} // namespace

PublishPanel::PublishPanel(SessionHost *host, int session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
    , m_topic(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_recent(new QComboBox(this))
    , m_payload(new QPlainTextEdit(this))
    , m_qos(new QComboBox(this))
    , m_retain(new QCheckBox(tr("&Retain"), this))
    , m_publish(new QPushButton(tr("&Publish"), this))
    , m_propertiesToggle(new QToolButton(this))
    , m_properties(new PublishProperties(this))
    , m_result(new QLabel(this))
{
    m_topic->setObjectName(QStringLiteral("publishTopic"));
    m_topic->setPlaceholderText(tr("Topic, e.g. sensors/17/temperature"));
    m_topic->setToolTip(tr("The topic name to publish to: not empty, no wildcards "
                           "[MQTT-3.3.2-2]. Return publishes."));
    m_mode->setObjectName(QStringLiteral("publishMode"));
    m_mode->addItem(tr("Text"), int(PayloadMode::Text));
    m_mode->addItem(tr("JSON"), int(PayloadMode::Json));
    m_mode->addItem(tr("Hex"), int(PayloadMode::Hex));
    m_mode->setToolTip(tr("How the payload is typed. Text and JSON send its UTF-8 bytes as "
                          "typed (JSON is checked, not reformatted); Hex sends the bytes the "
                          "digits spell. Switching converts what can be converted."));
    m_recent->setObjectName(QStringLiteral("publishHistory"));
    m_recent->setToolTip(tr("The last %1 messages published from this session, newest first; "
                            "choosing one fills in every field again")
                             .arg(PublishHistory::Limit));
    m_recent->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recent->setMinimumContentsLength(12);
    m_payload->setObjectName(QStringLiteral("publishPayload"));
    m_payload->setPlaceholderText(tr("Payload (may be empty)"));
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setTabChangesFocus(true);
    m_payload->setFixedHeight(m_payload->fontMetrics().lineSpacing() * 5 + 12);
    m_qos->setObjectName(QStringLiteral("publishQos"));
    m_qos->addItems({tr("QoS 0"), tr("QoS 1"), tr("QoS 2")});
    m_qos->setToolTip(tr("0: at most once, no answer; 1: at least once, PUBACK; "
                         "2: exactly once, PUBREC/PUBREL/PUBCOMP"));
    m_retain->setObjectName(QStringLiteral("publishRetain"));
    m_retain->setToolTip(tr("The broker keeps the message and gives it to later subscribers; "
                            "an empty retained message clears the topic's"));
    m_publish->setObjectName(QStringLiteral("publishButton"));
    m_publish->setDefault(false);
    m_propertiesToggle->setObjectName(QStringLiteral("publishPropertiesToggle"));
    m_propertiesToggle->setCheckable(true);
    m_propertiesToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_propertiesToggle->setArrowType(Qt::RightArrow);
    m_propertiesToggle->setAutoRaise(true);
    m_propertiesToggle->setToolTip(tr("Show or hide the MQTT 5.0 PUBLISH properties; they are "
                                      "sent while hidden too"));
    m_properties->setObjectName(QStringLiteral("publishProperties"));
    m_properties->hide();
    m_result->setObjectName(QStringLiteral("publishResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_problems.wrap(m_topic, TopicField), 0, 0, 1, 4);
    layout->addWidget(m_mode, 1, 0);
    layout->addWidget(m_recent, 1, 1, 1, 3);
    layout->addWidget(m_problems.wrap(m_payload, PayloadField), 2, 0, 1, 4);
    layout->addWidget(m_qos, 3, 0);
    layout->addWidget(m_retain, 3, 1);
    layout->addWidget(m_publish, 3, 3);
    layout->addWidget(m_propertiesToggle, 4, 0, 1, 4);
    layout->addWidget(m_properties, 5, 0, 1, 4);
    layout->addWidget(m_result, 6, 0, 1, 4);
    layout->setColumnStretch(2, 1);
    layout->setRowStretch(7, 1); // spare height below everything, not between the rows

    connect(m_publish, &QPushButton::clicked, this, &PublishPanel::publishFromInputs);
    connect(m_topic, &QLineEdit::textChanged, this, &PublishPanel::validate);
    connect(m_payload, &QPlainTextEdit::textChanged, this, &PublishPanel::validate);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &PublishPanel::switchMode);
    connect(m_properties, &PublishProperties::changed, this, &PublishPanel::validate);
    connect(m_propertiesToggle, &QToolButton::toggled, this, [this](bool open) {
        m_properties->setVisible(open);
        m_propertiesToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    connect(m_recent, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && index < m_history.entries().size())
            setDraft(m_history.entries().at(index));
    });
    showHistory();
    validate();
}

namespace {
// Return publishes from a one-line field (the payload takes it as a new line); Ctrl+Return
// publishes from anywhere in the panel.
bool isPublishKey(const QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    return enter && (modifiers == Qt::NoModifier || modifiers == Qt::ControlModifier);
}
} // namespace

bool PublishPanel::event(QEvent *event)
{
    // The main window binds Ctrl+Return too (Connect). While the focus is in this panel the
    // key is claimed here, before shortcuts are matched (key events reach the panel from
    // its focused child); outside it, Connect keeps it.
    if (event->type() == QEvent::ShortcutOverride &&
        isPublishKey(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

void PublishPanel::keyPressEvent(QKeyEvent *event)
{
    // What the focused field did not take comes here: Return from the topic and the other
    // one-line fields, Ctrl+Return from any of them, the payload included.
    if (isPublishKey(event)) {
        publishFromInputs();
        return;
    }
    QWidget::keyPressEvent(event);
}

void PublishPanel::setProtocolVersion(Protocol::ProtocolVersion version)
{
    m_v5 = version == Protocol::ProtocolVersion::V5;
    m_propertiesToggle->setVisible(m_v5);
    m_properties->setVisible(m_v5 && m_propertiesToggle->isChecked());
    validate();
}

void PublishPanel::setHistoryKey(const QString &key)
{
    m_history.setKey(key);
    showHistory();
}

PayloadMode PublishPanel::mode() const
{
    return PayloadMode(m_mode->currentData().toInt());
}

void PublishPanel::switchMode()
{
    const PayloadMode to = mode();
    if (to == m_shownMode)
        return;
    const std::optional<QString> converted =
        convertPayloadText(m_payload->toPlainText(), m_shownMode, to);
    if (!converted) {
        // Binary bytes have no text form; as text, the digits themselves would be sent.
        const QSignalBlocker blocker(m_mode);
        m_mode->setCurrentIndex(m_mode->findData(int(m_shownMode)));
        m_result->setText(tr("✕ stays in hex: these bytes are not UTF-8 text"));
        return;
    }
    m_shownMode = to;
    m_payload->setPlainText(*converted);
    validate();
}

std::optional<Protocol::PublishPacket> PublishPanel::message(QList<SettingsProblem> &problems) const
{
    const qsizetype before = problems.size();
    Protocol::PublishPacket message;
    message.topic = m_topic->text();
    if (!message.topic.isEmpty()) {
        if (const QString problem = Protocol::topicNameProblem(message.topic); !problem.isEmpty())
            problems.append({TopicField, problem});
    }
    const EncodedPayload payload = encodePayload(m_payload->toPlainText(), mode());
    if (!payload.problem.isEmpty())
        problems.append({PayloadField, payload.problem});
    message.payload = payload.bytes;
    message.qos = quint8(m_qos->currentIndex());
    message.retain = m_retain->isChecked();
    if (m_v5)
        message.properties = m_properties->properties(mode(), problems);
    if (problems.size() != before || message.topic.isEmpty())
        return std::nullopt;
    return message;
}

void PublishPanel::validate()
{
    QList<SettingsProblem> problems;
    const bool ok = message(problems).has_value();
    const QList<SettingsProblem> rest = m_problems.show(problems);
    m_properties->showProblems(rest);
    m_publish->setEnabled(ok);
    // An empty topic is not an error worth red text, but the button says what it waits for.
    m_publish->setToolTip(m_topic->text().isEmpty()
                              ? tr("Enter a topic to publish to")
                              : tr("Send PUBLISH (Ctrl+Return, or Return in a one-line field)"));
    updatePropertiesTitle();
}

void PublishPanel::updatePropertiesTitle()
{
    const int count = m_properties->setCount();
    m_propertiesToggle->setText(count == 0 ? tr("MQTT 5.0 properties (none set)")
                                           : tr("MQTT 5.0 properties (%n set)", nullptr, count));
}

bool PublishPanel::canPublish() const
{
    return m_publish->isEnabled();
}

QString PublishPanel::resultText() const
{
    return m_result->text();
}

QJsonObject PublishPanel::draft() const
{
    QJsonObject draft{{TopicKey, m_topic->text()},
                      {PayloadKey, m_payload->toPlainText()},
                      {ModeKey, payloadModeName(mode())},
                      {QosKey, m_qos->currentIndex()},
                      {RetainKey, m_retain->isChecked()}};
    if (m_v5)
        draft.insert(PropertiesKey, m_properties->state());
    return draft;
}

void PublishPanel::setDraft(const QJsonObject &draft)
{
    m_topic->setText(draft.value(TopicKey).toString());
    const PayloadMode mode =
        payloadModeFromName(draft.value(ModeKey).toString()).value_or(PayloadMode::Text);
    {
        // The text is in the entry's own notation already: no conversion.
        const QSignalBlocker blocker(m_mode);
        m_mode->setCurrentIndex(m_mode->findData(int(mode)));
        m_shownMode = mode;
    }
    m_payload->setPlainText(draft.value(PayloadKey).toString());
    m_qos->setCurrentIndex(qBound(0, draft.value(QosKey).toInt(), 2));
    m_retain->setChecked(draft.value(RetainKey).toBool());
    m_properties->setState(draft.value(PropertiesKey).toObject());
    validate();
}

void PublishPanel::showHistory()
{
    m_recent->clear();
    for (const QJsonObject &entry : m_history.entries())
        m_recent->addItem(PublishHistory::label(entry));
    // The combo is a menu of past messages, not a current value: it shows its title.
    m_recent->setCurrentIndex(-1);
    m_recent->setPlaceholderText(m_history.entries().isEmpty()
                                     ? tr("No recent publishes")
                                     : tr("Recent (%1)").arg(m_history.entries().size()));
    m_recent->setEnabled(!m_history.entries().isEmpty());
}

void PublishPanel::publishFromInputs()
{
    QList<SettingsProblem> problems;
    const std::optional<Protocol::PublishPacket> message = this->message(problems);
    if (!message)
        return; // the problems are shown under their fields already
    m_history.add(draft());
    showHistory();
    m_byRequest.insert(m_host->publish(m_session, *message), message->topic);
    m_result->setText(tr("◐ sending to %1…").arg(message->topic));
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
                              .arg(topic, QString::number(result.packetId)));
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
