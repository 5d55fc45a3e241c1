#include "lessonbrokerpanel.h"

#include "broker/localbroker.h"
#include "lessonlook.h"

#include <QButtonGroup>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>

namespace PingScope {

namespace {

constexpr quint16 DefaultMqttPort = 1883;

QString codeLines(const QStringList &lines)
{
    QStringList escaped;
    for (const QString &line : lines)
        escaped << line.toHtmlEscaped();
    return QStringLiteral("<code>%1</code>").arg(escaped.join(QStringLiteral("<br>")));
}

} // namespace

LessonBrokerPanel::LessonBrokerPanel(QWidget *parent)
    : QWidget(parent)
    , m_local(new QRadioButton(tr("&Local mosquitto, a new one for each run"), this))
    , m_remote(new QRadioButton(tr("Broker &at"), this))
    , m_address(new QLineEdit(this))
    , m_info(new QLabel(this))
    , m_active(new QLabel(this))
    , m_mosquitto(LocalBroker::findExecutable())
{
    setObjectName(QStringLiteral("lessonBrokerPanel"));
    m_local->setObjectName(QStringLiteral("lessonBrokerLocal"));
    m_remote->setObjectName(QStringLiteral("lessonBrokerRemote"));
    m_address->setObjectName(QStringLiteral("lessonBrokerAddress"));
    m_info->setObjectName(QStringLiteral("lessonBrokerInfo"));
    m_active->setObjectName(QStringLiteral("lessonBrokerActive"));
    m_local->setToolTip(tr("As pingscope-cli --lesson does: mosquitto on a free 127.0.0.1 port, "
                           "with the settings the lesson needs, stopped after the run"));
    m_remote->setToolTip(tr("Run against a broker of your own; lessons that need broker "
                            "settings say which"));
    m_address->setPlaceholderText(tr("host:port, e.g. broker.local:1883"));
    m_address->setClearButtonEnabled(true);
    for (QLabel *label : {m_info, m_active}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    auto *group = new QButtonGroup(this);
    group->addButton(m_local);
    group->addButton(m_remote);
    m_local->setChecked(true);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_local, 0, 0, 1, 2);
    layout->addWidget(m_remote, 1, 0);
    layout->addWidget(m_address, 1, 1);
    layout->addWidget(m_info, 2, 0, 1, 2);
    layout->addWidget(m_active, 3, 0, 1, 2);
    layout->setColumnStretch(1, 1);

    connect(m_local, &QRadioButton::toggled, this, [this] {
        refresh();
        Q_EMIT changed();
    });
    connect(m_address, &QLineEdit::textChanged, this, [this] {
        if (!m_address->text().isEmpty())
            m_remote->setChecked(true);
        refresh();
        Q_EMIT changed();
    });
    refresh();
    showActive();
}

void LessonBrokerPanel::setMosquittoPath(const QString &path)
{
    m_mosquitto = path;
    refresh();
    Q_EMIT changed();
}

void LessonBrokerPanel::setLesson(const Lesson &lesson)
{
    m_brokerConfig = lesson.brokerConfig;
    refresh();
}

void LessonBrokerPanel::setActiveBroker(const QString &description, bool failed)
{
    m_activeText = description;
    m_activeFailed = failed;
    showActive();
}

void LessonBrokerPanel::showActive()
{
    m_active->setVisible(!m_activeText.isEmpty());
    if (m_activeText.isEmpty())
        return;
    const QString label = m_activeFailed ? tr("Could not start:") : tr("This run:");
    m_active->setText(
        m_activeFailed
            ? QStringLiteral("<b style=\"color:%1\">%2</b> %3")
                  .arg(LessonAppearance::colour(LessonLook::CouldNotRun, palette()).name(), label,
                       m_activeText.toHtmlEscaped())
            : QStringLiteral("<b>%1</b> %2").arg(label, m_activeText.toHtmlEscaped()));
}

void LessonBrokerPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The rich text's colours were picked for the old palette.
    if (event->type() == QEvent::PaletteChange) {
        refresh();
        showActive();
    }
}

void LessonBrokerPanel::setLocked(bool locked)
{
    for (QWidget *widget : {static_cast<QWidget *>(m_local), static_cast<QWidget *>(m_remote),
                            static_cast<QWidget *>(m_address)})
        widget->setEnabled(!locked);
}

void LessonBrokerPanel::setAddress(const QString &address)
{
    m_address->setText(address);
}

bool LessonBrokerPanel::parseAddress(QString *host, quint16 *port) const
{
    QString text = m_address->text().trimmed();
    *port = DefaultMqttPort;
    // "[::1]:1883": the brackets keep an IPv6 address's colons apart from the port's.
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    const bool bracketed = text.startsWith(QLatin1Char('['));
    if (colon > 0 && (bracketed ? text.at(colon - 1) == QLatin1Char(']')
                                : text.indexOf(QLatin1Char(':')) == colon)) {
        bool ok = false;
        const uint value = text.mid(colon + 1).toUInt(&ok);
        if (!ok || value == 0 || value > 65535)
            return false;
        *port = quint16(value);
        text.truncate(colon);
    }
    if (bracketed && text.endsWith(QLatin1Char(']')))
        text = text.mid(1, text.size() - 2);
    *host = text;
    return !text.isEmpty() && !text.contains(QLatin1Char(' '));
}

bool LessonBrokerPanel::canRun(QString *why) const
{
    if (m_local->isChecked()) {
        if (m_mosquitto.isEmpty()) {
            *why = tr("Run needs mosquitto: %1").arg(LocalBroker::notInstalledText());
            return false;
        }
        return true;
    }
    QString host;
    quint16 port = 0;
    if (!parseAddress(&host, &port)) {
        *why = tr("Type the broker as host:port, e.g. broker.local:1883");
        return false;
    }
    return true;
}

LessonBrokerChoice LessonBrokerPanel::choice() const
{
    LessonBrokerChoice choice;
    choice.local = m_local->isChecked();
    if (!choice.local && !parseAddress(&choice.host, &choice.port))
        choice.host.clear();
    return choice;
}

void LessonBrokerPanel::refresh()
{
    m_address->setEnabled(true);
    const QColor bad = LessonAppearance::colour(LessonLook::CouldNotRun, palette());
    QString text;
    if (m_local->isChecked()) {
        if (m_mosquitto.isEmpty()) {
            text = QStringLiteral("<b style=\"color:%1\">%2</b>")
                       .arg(bad.name(), LocalBroker::notInstalledText().toHtmlEscaped());
        } else {
            text = tr("Each run starts <b>%1</b> on a free 127.0.0.1 port and stops it "
                      "afterwards.")
                       .arg(m_mosquitto.toHtmlEscaped());
            text += m_brokerConfig.isEmpty() ? tr(" This lesson needs no special settings.")
                                             : tr(" This lesson adds to its mosquitto.conf:<br>%1")
                                                   .arg(codeLines(m_brokerConfig));
        }
    } else {
        QString why;
        if (!canRun(&why))
            text = QStringLiteral("<span style=\"color:%1\">%2</span>")
                       .arg(bad.name(), why.toHtmlEscaped());
        if (!m_brokerConfig.isEmpty()) {
            if (!text.isEmpty())
                text += QStringLiteral("<br>");
            text += tr("<b>Note:</b> this lesson needs a broker configured with<br>%1<br>It "
                       "runs anyway; if this broker is set up otherwise, the observations say "
                       "what it did instead.")
                        .arg(codeLines(m_brokerConfig));
        }
    }
    m_info->setText(text);
    m_info->setVisible(!text.isEmpty());
}

} // namespace PingScope
