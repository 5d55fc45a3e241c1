#include "willpage.h"

#include "session/payloadformat.h"
#include "userpropertiestable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <limits>

namespace PingScope {

using Protocol::PropertyId;

namespace {

constexpr qint64 MaximumFourByteInteger = std::numeric_limits<quint32>::max();

QLineEdit *lineEdit(const QString &objectName, const QString &toolTip,
                    const QString &placeholder = QString())
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setToolTip(toolTip);
    edit->setPlaceholderText(placeholder);
    return edit;
}

} // namespace

WillPage::WillPage(FieldProblems &problems, QWidget *parent)
    : EditorPage(problems, parent)
    , m_enabled(new QCheckBox(QStringLiteral("Send a &will")))
    , m_message(new QGroupBox(QStringLiteral("Will message")))
    , m_topic(lineEdit(QStringLiteral("willTopic"),
                       QStringLiteral("The topic the broker publishes the will to; no wildcards "
                                      "[MQTT-3.1.2-14]."),
                       QStringLiteral("e.g. clients/sensor-17/status")))
    , m_payload(new QPlainTextEdit)
    , m_payloadFormat(new QComboBox)
    , m_qos(new QComboBox)
    , m_retain(new QCheckBox(QStringLiteral("R&etain")))
    , m_watch(new QCheckBox(QStringLiteral("&Watch this will (subscribe to its topic)")))
    , m_properties(new QGroupBox(QStringLiteral("MQTT 5.0 will properties")))
    , m_delay(lineEdit(QStringLiteral("willDelay"),
                       QStringLiteral("Seconds the broker waits before publishing the will; a "
                                      "reconnect in time cancels it [MQTT-3.1.3-9]."),
                       QStringLiteral("not sent: published at once")))
    , m_messageExpiry(lineEdit(QStringLiteral("willMessageExpiry"),
                               QStringLiteral("Seconds the published will lives at the broker "
                                              "for subscribers who have not got it yet."),
                               QStringLiteral("not sent: never expires")))
    , m_payloadFormatIndicator(new QComboBox)
    , m_contentType(lineEdit(QStringLiteral("willContentType"),
                             QStringLiteral("A MIME type describing the payload, passed on to "
                                            "subscribers."),
                             QStringLiteral("e.g. application/json")))
    , m_responseTopic(lineEdit(QStringLiteral("willResponseTopic"),
                               QStringLiteral("A topic where a receiver of the will may answer.")))
    , m_correlationData(lineEdit(QStringLiteral("willCorrelationData"),
                                 QStringLiteral("Bytes (in hex) a responder sends back, to match "
                                                "its answer to this will."),
                                 QStringLiteral("hex, e.g. 01 02 ff")))
    , m_userProperties(new UserPropertiesTable)
    , m_needsV5(new QLabel(QStringLiteral("A will delay, message expiry, content type and "
                                          "user properties need MQTT 5.0.")))
{
    m_enabled->setObjectName(QStringLiteral("willEnabled"));
    m_enabled->setToolTip(QStringLiteral("The broker publishes this message when the client goes "
                                         "away without a proper DISCONNECT."));
    auto *form = new QFormLayout(m_message);
    addRow(form, QStringLiteral("&Topic:"), m_topic, QStringLiteral("Will topic"));

    m_payload->setObjectName(QStringLiteral("willPayload"));
    m_payload->setToolTip(QStringLiteral("The message body, as text or as hex bytes."));
    m_payload->setTabChangesFocus(true);
    m_payload->setFixedHeight(m_payload->fontMetrics().lineSpacing() * 3 + 12);
    addRow(form, QStringLiteral("&Payload:"), m_payload, QStringLiteral("Will payload"));
    m_payloadFormat->setObjectName(QStringLiteral("willPayloadFormat"));
    m_payloadFormat->addItems({QStringLiteral("Text (UTF-8)"), QStringLiteral("Hex bytes")});
    m_payloadFormat->setToolTip(QStringLiteral("How the payload above is typed; switching "
                                               "converts it."));
    form->addRow(QStringLiteral("Payload &as:"), m_payloadFormat);

    m_qos->setObjectName(QStringLiteral("willQos"));
    m_qos->addItems({QStringLiteral("0: at most once"), QStringLiteral("1: at least once"),
                     QStringLiteral("2: exactly once")});
    m_qos->setToolTip(QStringLiteral("The QoS the broker publishes the will with."));
    addRow(form, QStringLiteral("&QoS:"), m_qos, QStringLiteral("Will QoS"));
    m_retain->setObjectName(QStringLiteral("willRetain"));
    m_retain->setToolTip(QStringLiteral("The will stays on its topic as a retained message after "
                                        "it is published."));
    form->addRow(QString(), m_retain);
    m_watch->setObjectName(QStringLiteral("watchWill"));
    m_watch->setToolTip(QStringLiteral("PingScope subscribes to the will topic, so the timeline "
                                       "shows when the broker publishes it."));
    form->addRow(QString(), m_watch);

    m_properties->setObjectName(QStringLiteral("willProperties"));
    auto *properties = new QFormLayout(m_properties);
    addRow(properties, QStringLiteral("Will &delay (s):"), m_delay, QStringLiteral("Will delay"));
    addRow(properties, QStringLiteral("Message e&xpiry (s):"), m_messageExpiry,
           QStringLiteral("Message expiry"));
    m_payloadFormatIndicator->setObjectName(QStringLiteral("willPayloadFormatIndicator"));
    m_payloadFormatIndicator->addItem(QStringLiteral("not sent"), -1);
    m_payloadFormatIndicator->addItem(QStringLiteral("0: unspecified bytes"), 0);
    m_payloadFormatIndicator->addItem(QStringLiteral("1: UTF-8 text"), 1);
    m_payloadFormatIndicator->setToolTip(
        QStringLiteral("Tells subscribers whether the payload is UTF-8 text; with 1 the broker "
                       "may check it [MQTT-3.3.2-4]."));
    properties->addRow(QStringLiteral("Payload &format:"), m_payloadFormatIndicator);
    addRow(properties, QStringLiteral("&Content type:"), m_contentType,
           QStringLiteral("Content type"));
    addRow(properties, QStringLiteral("&Response topic:"), m_responseTopic,
           QStringLiteral("Response topic"));
    addRow(properties, QStringLiteral("Co&rrelation data:"), m_correlationData,
           QStringLiteral("Correlation data"));
    m_userProperties->setObjectName(QStringLiteral("willUserProperties"));
    m_userProperties->setToolTip(QStringLiteral("Name/value pairs passed on with the will."));
    addRow(properties, QStringLiteral("&User properties:"), m_userProperties,
           QStringLiteral("Will properties"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_enabled);
    layout->addWidget(m_message);
    layout->addWidget(m_properties);
    m_needsV5->setObjectName(QStringLiteral("willPropertiesNeed5"));
    m_needsV5->setWordWrap(true);
    m_needsV5->setEnabled(false); // the palette's dimmed text: a remark, not a problem
    layout->addWidget(m_needsV5);
    layout->addStretch();

    for (QLineEdit *edit :
         {m_topic, m_delay, m_messageExpiry, m_contentType, m_responseTopic, m_correlationData})
        connect(edit, &QLineEdit::textChanged, this, &EditorPage::changed);
    connect(m_payload, &QPlainTextEdit::textChanged, this, &EditorPage::changed);
    for (QComboBox *box : {m_qos, m_payloadFormatIndicator})
        connect(box, &QComboBox::currentIndexChanged, this, &EditorPage::changed);
    connect(m_payloadFormat, &QComboBox::currentIndexChanged, this, &WillPage::switchPayloadFormat);
    for (QCheckBox *box : {m_retain, m_watch})
        connect(box, &QCheckBox::toggled, this, &EditorPage::changed);
    connect(m_enabled, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        Q_EMIT changed();
    });
    connect(m_userProperties, &UserPropertiesTable::changed, this, &EditorPage::changed);
    updateEnabled();
}

void WillPage::updateEnabled()
{
    m_message->setEnabled(m_enabled->isChecked());
    m_properties->setEnabled(m_enabled->isChecked());
}

void WillPage::switchPayloadFormat()
{
    const bool toHex = m_payloadFormat->currentIndex() == 1;
    if (toHex == m_payloadIsHex)
        return;
    const auto mode = [](bool hex) { return hex ? PayloadMode::Hex : PayloadMode::Text; };
    const std::optional<QString> converted =
        convertPayloadText(m_payload->toPlainText(), mode(m_payloadIsHex), mode(toHex));
    if (!converted) {
        // Bytes with no text form: as text they would be saved changed (U+FFFD for each
        // invalid sequence). The field stays in hex and says why.
        // Queued: a combo box does not take a new index from within its own change signal.
        QMetaObject::invokeMethod(
            m_payloadFormat,
            [this] {
                const QSignalBlocker blocker(m_payloadFormat);
                m_payloadFormat->setCurrentIndex(1);
            },
            Qt::QueuedConnection);
        m_payloadFormat->setToolTip(
            QStringLiteral("These bytes are not text: they stay in hex, so that they are saved "
                           "as they are."));
        return;
    }
    // Hex that does not parse stays as typed; its problem is shown under the field.
    m_payload->setPlainText(*converted);
    m_payloadIsHex = toHex;
    Q_EMIT changed();
}

void WillPage::load(const ConnectionProfile &profile)
{
    const std::optional<Protocol::Will> &loaded =
        profile.settings.will ? profile.settings.will : profile.disabledWill;
    const Protocol::Will will = loaded.value_or(Protocol::Will());
    m_enabled->setChecked(profile.settings.will.has_value());
    m_topic->setText(will.topic);
    // Shown as text when that loses nothing, so that a typical will ("offline") stays
    // readable; bytes with no text form stay in hex.
    m_payloadIsHex =
        !convertPayloadText(hexText(will.payload), PayloadMode::Hex, PayloadMode::Text);
    {
        const QSignalBlocker blocker(m_payloadFormat);
        m_payloadFormat->setCurrentIndex(m_payloadIsHex ? 1 : 0);
    }
    m_payload->setPlainText(m_payloadIsHex ? hexText(will.payload)
                                           : QString::fromUtf8(will.payload));
    m_qos->setCurrentIndex(qBound(0, int(will.qos), 2));
    m_retain->setChecked(will.retain);
    m_watch->setChecked(profile.watchWill);

    const Protocol::Properties &p = will.properties;
    const auto integerText = [&p](PropertyId id) {
        const std::optional<quint32> value = p.integer(id);
        return value ? QString::number(*value) : QString();
    };
    m_delay->setText(integerText(PropertyId::WillDelayInterval));
    m_messageExpiry->setText(integerText(PropertyId::MessageExpiryInterval));
    const std::optional<quint32> indicator = p.integer(PropertyId::PayloadFormatIndicator);
    const int index = m_payloadFormatIndicator->findData(indicator ? int(*indicator) : -1);
    m_payloadFormatIndicator->setCurrentIndex(qMax(0, index));
    m_contentType->setText(p.string(PropertyId::ContentType).value_or(QString()));
    m_responseTopic->setText(p.string(PropertyId::ResponseTopic).value_or(QString()));
    m_correlationData->setText(
        hexText(p.binary(PropertyId::CorrelationData).value_or(QByteArray())));
    m_userProperties->setProperties(p.userProperties());
    updateEnabled();
}

Protocol::Properties WillPage::properties(QList<SettingsProblem> &problems) const
{
    // In the order of 5.0 section 3.1.3.2, as a profile file reads them back, so that a
    // round trip through the file compares equal.
    Protocol::Properties p;
    if (const auto delay = parseNumber(m_delay->text(), QStringLiteral("Will delay"), 0,
                                       MaximumFourByteInteger, problems))
        p.setInteger(PropertyId::WillDelayInterval, quint32(*delay));
    if (const int indicator = m_payloadFormatIndicator->currentData().toInt(); indicator >= 0)
        p.setInteger(PropertyId::PayloadFormatIndicator, quint32(indicator));
    if (const auto expiry = parseNumber(m_messageExpiry->text(), QStringLiteral("Message expiry"),
                                        0, MaximumFourByteInteger, problems))
        p.setInteger(PropertyId::MessageExpiryInterval, quint32(*expiry));
    if (!m_contentType->text().isEmpty())
        p.setString(PropertyId::ContentType, m_contentType->text());
    if (!m_responseTopic->text().isEmpty())
        p.setString(PropertyId::ResponseTopic, m_responseTopic->text());
    if (!m_correlationData->text().trimmed().isEmpty()) {
        const EncodedPayload bytes = parseHex(m_correlationData->text());
        if (bytes.problem.isEmpty())
            p.setBinary(PropertyId::CorrelationData, bytes.bytes);
        else
            problems.append({QStringLiteral("Correlation data"), bytes.problem});
    }
    for (const auto &[name, value] : m_userProperties->properties())
        p.addUserProperty(name, value);
    return p;
}

Protocol::Will WillPage::will(QList<SettingsProblem> &problems) const
{
    Protocol::Will will;
    will.topic = m_topic->text();
    if (m_payloadIsHex) {
        const EncodedPayload bytes = parseHex(m_payload->toPlainText());
        if (bytes.problem.isEmpty())
            will.payload = bytes.bytes;
        else
            problems.append({QStringLiteral("Will payload"), bytes.problem});
    } else {
        will.payload = m_payload->toPlainText().toUtf8();
    }
    will.qos = quint8(m_qos->currentIndex());
    will.retain = m_retain->isChecked();
    // Before 5.0 the CONNECT has no room for will properties; they stay in the fields in
    // case the user switches back.
    if (m_v5)
        will.properties = properties(problems);
    return will;
}

void WillPage::apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const
{
    profile.watchWill = m_watch->isChecked();
    if (m_enabled->isChecked()) {
        profile.settings.will = will(problems);
        profile.disabledWill.reset();
        return;
    }
    // Problems of a will that is off do not block saving; it is not sent.
    QList<SettingsProblem> ignored;
    const Protocol::Will kept = will(ignored);
    profile.settings.will.reset();
    profile.disabledWill = kept == Protocol::Will() ? std::nullopt : std::optional(kept);
}

void WillPage::setVersion(Protocol::ProtocolVersion version)
{
    m_v5 = version == Protocol::ProtocolVersion::V5;
    m_properties->setVisible(m_v5);
    m_needsV5->setVisible(!m_v5);
}

} // namespace PingScope
