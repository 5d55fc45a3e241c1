#include "messagedetail.h"

#include "monitor/event.h"
#include "session/messagemodel.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QVBoxLayout>

namespace PingScope {

namespace {
// Hex dumps of huge payloads would freeze the text edit; the head is what people read.
constexpr qsizetype HexLimit = 64 * 1024;

QString hexDump(const QByteArray &payload)
{
    QString out;
    const qsizetype shown = qMin(payload.size(), HexLimit);
    for (qsizetype offset = 0; offset < shown; offset += 16) {
        const QByteArray line = payload.mid(offset, qMin<qsizetype>(16, shown - offset));
        QString ascii;
        for (char c : line)
            ascii += (c >= 0x20 && c < 0x7f) ? QLatin1Char(c) : QLatin1Char('.');
        out += QStringLiteral("%1  %2  %3\n")
                   .arg(offset, 8, 16, QLatin1Char('0'))
                   .arg(QString::fromLatin1(line.toHex(' ')), -47)
                   .arg(ascii);
    }
    if (shown < payload.size())
        out += QObject::tr("… %1 more bytes not shown\n").arg(payload.size() - shown);
    return out;
}

// A property's value as people read it: units and meanings where the number alone is opaque.
QString propertyValueText(const Protocol::Property &property)
{
    using Protocol::PropertyId;
    switch (property.id) {
    case PropertyId::PayloadFormatIndicator:
        return property.integer == 1 ? QObject::tr("1 (UTF-8 text)")
                                     : QObject::tr("%1 (unspecified bytes)").arg(property.integer);
    case PropertyId::MessageExpiryInterval:
        return QObject::tr("%1 s left").arg(property.integer);
    case PropertyId::CorrelationData:
        // Often text (a request ID): show it so, with the bytes, when it is.
        if (const auto text = payloadText(property.binary))
            return QStringLiteral("\"%1\" (%2)").arg(*text, property.valueText());
        return property.valueText();
    default:
        return property.valueText();
    }
}

// The 5.0 properties of a message as (name, value) rows, in wire order (User Properties
// keep theirs).
QList<QPair<QString, QString>> propertyRows(const Protocol::Properties &properties)
{
    QList<QPair<QString, QString>> rows;
    for (const Protocol::Property &property : properties.items())
        rows.append({Protocol::propertyName(property.id), propertyValueText(property)});
    return rows;
}
} // namespace

MessageDetail::MessageDetail(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_properties(new QLabel(this))
    , m_modes(new QTabBar(this))
    , m_text(new QPlainTextEdit(this))
{
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_properties->setObjectName(QStringLiteral("messageProperties"));
    m_properties->setTextFormat(Qt::RichText);
    m_properties->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_properties->setToolTip(tr("The message's MQTT 5.0 properties, as the broker sent them"));
    m_modes->addTab(tr("Text"));
    m_modes->addTab(tr("JSON"));
    m_modes->addTab(tr("Hex"));
    m_modes->setToolTip(tr("Show the payload as text, pretty-printed JSON or a hex dump"));
    m_modes->setDrawBase(false);
    m_text->setReadOnly(true);
    m_text->setObjectName(QStringLiteral("messagePayload"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_modes);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_properties);
    layout->addWidget(m_text, 1);

    connect(m_modes, &QTabBar::currentChanged, this, [this] { refresh(); });
    clearMessage();
}

void MessageDetail::showMessage(const MessageRow &row)
{
    m_payload = row.payload;
    m_hasMessage = true;
    m_header->setText(
        // One arg() call: a topic such as "a%2Fb" is never substituted again.
        tr("<b>%1</b> · QoS %2%3 · %4 · %5")
            .arg(row.topic.toHtmlEscaped(), QString::number(row.qos),
                 row.retain ? tr(" · retained") : QString(), byteSizeText(row.payload.size()),
                 QDateTime::fromMSecsSinceEpoch(row.wallMs)
                     .toString(QStringLiteral("HH:mm:ss.zzz"))));
    QString table;
    m_propertiesText.clear();
    for (const auto &[name, value] : propertyRows(row.properties)) {
        table += QStringLiteral("<tr><td>%1:&nbsp;</td><td>%2</td></tr>")
                     .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
        m_propertiesText += QStringLiteral("%1: %2\n").arg(name, value);
    }
    m_properties->setText(
        QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\">%1</table>").arg(table));
    m_properties->setVisible(!row.properties.isEmpty());
    refresh();
}

void MessageDetail::clearMessage()
{
    m_payload.clear();
    m_hasMessage = false;
    m_header->setText(tr("Select a message to see its payload."));
    m_properties->clear();
    m_properties->hide();
    m_propertiesText.clear();
    m_text->clear();
}

void MessageDetail::setMode(Mode mode)
{
    m_modes->setCurrentIndex(int(mode));
}

QString MessageDetail::shownText() const
{
    return m_text->toPlainText();
}

QString MessageDetail::propertiesText() const
{
    return m_propertiesText;
}

QString MessageDetail::render(const QByteArray &payload, Mode mode)
{
    if (payload.isEmpty())
        return tr("(empty payload)");
    switch (mode) {
    case Json: {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
        if (error.error == QJsonParseError::NoError)
            return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
        return tr("Not JSON (%1 at byte %2). Try Text or Hex.")
            .arg(error.errorString())
            .arg(error.offset);
    }
    case Hex:
        return hexDump(payload);
    case Text:
        break;
    }
    if (const auto text = payloadText(payload))
        return *text;
    return tr("Not UTF-8 text: shown in hex.\n\n") + hexDump(payload);
}

void MessageDetail::refresh()
{
    if (!m_hasMessage)
        return;
    m_text->setPlainText(render(m_payload, Mode(m_modes->currentIndex())));
}

} // namespace PingScope
