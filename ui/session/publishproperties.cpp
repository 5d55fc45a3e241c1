#include "publishproperties.h"

#include "editor/userpropertiestable.h"
#include "protocol/topics.h"

#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>

#include <limits>

namespace PingScope {

using Protocol::PropertyId;

namespace {

// The payload format choices; the item data says what goes on the wire.
constexpr int FormatAutomatic = -2;
constexpr int FormatNotSent = -1;

const QString ExpiryField = QStringLiteral("Message expiry");
const QString ResponseTopicField = QStringLiteral("Response topic");
const QString CorrelationField = QStringLiteral("Correlation data");

QLineEdit *lineEdit(const QString &objectName, const QString &toolTip, const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setToolTip(toolTip);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

PublishProperties::PublishProperties(QWidget *parent)
    : QWidget(parent)
    , m_expiry(lineEdit(QStringLiteral("publishExpiry"),
                        tr("Seconds the broker keeps the message for subscribers who have not "
                           "received it yet; then it is discarded (5.0 section 3.3.2.3.3)"),
                        tr("not sent: never expires")))
    , m_format(new QComboBox)
    , m_contentType(lineEdit(QStringLiteral("publishContentType"),
                             tr("A MIME type describing the payload, passed on to subscribers "
                                "unchanged"),
                             tr("e.g. application/json")))
    , m_responseTopic(lineEdit(QStringLiteral("publishResponseTopic"),
                               tr("The topic a receiver should answer on (request/response); a "
                                  "topic name, no wildcards [MQTT-3.3.2-14]"),
                               tr("not sent")))
    , m_correlation(lineEdit(QStringLiteral("publishCorrelation"),
                             tr("Bytes (hex) the responder sends back with its answer, to match "
                                "it to this request"),
                             tr("hex, e.g. 01 02 ff")))
    , m_userProperties(new UserPropertiesTable)
{
    m_format->setObjectName(QStringLiteral("publishPayloadFormat"));
    m_format->addItem(tr("automatic"), FormatAutomatic);
    m_format->addItem(tr("not sent"), FormatNotSent);
    m_format->addItem(tr("0: unspecified bytes"), 0);
    m_format->addItem(tr("1: UTF-8 text"), 1);
    m_format->setToolTip(
        tr("Tells receivers whether the payload is UTF-8 text. Automatic sends 1 for Text and "
           "JSON, whose bytes are always UTF-8, and nothing for Hex, whose bytes may be "
           "anything. A broker may refuse a 1 on bytes that are not UTF-8 with 0x99 Payload "
           "format invalid [MQTT-3.3.2-4]: choose 1 with Hex to see it."));
    m_userProperties->setObjectName(QStringLiteral("publishUserProperties"));
    m_userProperties->setToolTip(tr("Name/value pairs passed on to subscribers, in this order"));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("E&xpiry (s):"), m_problems.wrap(m_expiry, ExpiryField));
    form->addRow(tr("Pa&yload format:"), m_format);
    form->addRow(tr("Content &type:"), m_contentType);
    form->addRow(tr("Response to&pic:"), m_problems.wrap(m_responseTopic, ResponseTopicField));
    form->addRow(tr("Co&rrelation:"), m_problems.wrap(m_correlation, CorrelationField));
    // The pairs get the panel's whole width: two columns of text beside a label would leave
    // each a few characters.
    auto *userLabel = new QLabel(tr("&User properties:"));
    userLabel->setBuddy(m_userProperties);
    form->addRow(userLabel);
    form->addRow(m_userProperties);

    for (QLineEdit *edit : {m_expiry, m_contentType, m_responseTopic, m_correlation})
        connect(edit, &QLineEdit::textChanged, this, &PublishProperties::changed);
    connect(m_format, &QComboBox::currentIndexChanged, this, &PublishProperties::changed);
    connect(m_userProperties, &UserPropertiesTable::changed, this, &PublishProperties::changed);
}

Protocol::Properties PublishProperties::properties(PayloadMode mode,
                                                   QList<SettingsProblem> &problems) const
{
    // In the order of 5.0 section 3.3.2.3, as a packet inspector lists them.
    Protocol::Properties p;
    const int format = m_format->currentData().toInt();
    if (format == FormatAutomatic && mode != PayloadMode::Hex)
        p.setInteger(PropertyId::PayloadFormatIndicator, 1);
    else if (format >= 0)
        p.setInteger(PropertyId::PayloadFormatIndicator, quint32(format));

    if (const QString expiry = m_expiry->text().trimmed(); !expiry.isEmpty()) {
        bool ok = false;
        const qulonglong seconds = expiry.toULongLong(&ok);
        if (ok && seconds <= std::numeric_limits<quint32>::max())
            p.setInteger(PropertyId::MessageExpiryInterval, quint32(seconds));
        else
            problems.append({ExpiryField, tr("a whole number of seconds, 0 to 4294967295")});
    }
    if (!m_contentType->text().isEmpty())
        p.setString(PropertyId::ContentType, m_contentType->text());
    if (const QString topic = m_responseTopic->text(); !topic.isEmpty()) {
        if (const QString problem = Protocol::topicNameProblem(topic); problem.isEmpty())
            p.setString(PropertyId::ResponseTopic, topic);
        else
            problems.append({ResponseTopicField, problem});
    }
    if (!m_correlation->text().trimmed().isEmpty()) {
        const EncodedPayload bytes = parseHex(m_correlation->text());
        if (bytes.problem.isEmpty())
            p.setBinary(PropertyId::CorrelationData, bytes.bytes);
        else
            problems.append({CorrelationField, bytes.problem});
    }
    for (const auto &[name, value] : m_userProperties->properties())
        p.addUserProperty(name, value);
    return p;
}

void PublishProperties::showProblems(const QList<SettingsProblem> &problems)
{
    m_problems.show(problems);
}

int PublishProperties::setCount() const
{
    int count = int(m_userProperties->properties().size());
    for (const QLineEdit *edit : {m_expiry, m_contentType, m_responseTopic, m_correlation})
        count += edit->text().isEmpty() ? 0 : 1;
    return count + (m_format->currentData().toInt() == FormatAutomatic ? 0 : 1);
}

QJsonObject PublishProperties::state() const
{
    QJsonArray pairs;
    for (const auto &[name, value] : m_userProperties->properties())
        pairs.append(QJsonArray{name, value});
    return {{QStringLiteral("expiry"), m_expiry->text()},
            {QStringLiteral("format"), m_format->currentData().toInt()},
            {QStringLiteral("contentType"), m_contentType->text()},
            {QStringLiteral("responseTopic"), m_responseTopic->text()},
            {QStringLiteral("correlation"), m_correlation->text()},
            {QStringLiteral("userProperties"), pairs}};
}

void PublishProperties::setState(const QJsonObject &state)
{
    m_expiry->setText(state.value(QStringLiteral("expiry")).toString());
    const int format =
        m_format->findData(state.value(QStringLiteral("format")).toInt(FormatAutomatic));
    m_format->setCurrentIndex(qMax(0, format));
    m_contentType->setText(state.value(QStringLiteral("contentType")).toString());
    m_responseTopic->setText(state.value(QStringLiteral("responseTopic")).toString());
    m_correlation->setText(state.value(QStringLiteral("correlation")).toString());
    QList<QPair<QString, QString>> pairs;
    for (const QJsonValue &pair : state.value(QStringLiteral("userProperties")).toArray())
        pairs.append({pair.toArray().at(0).toString(), pair.toArray().at(1).toString()});
    m_userProperties->setProperties(pairs);
}

} // namespace PingScope
