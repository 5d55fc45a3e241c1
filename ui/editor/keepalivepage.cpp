#include "keepalivepage.h"

#include "durationwords.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace PingScope {

namespace {

QSpinBox *millisecondsBox(const QString &objectName, const QString &toolTip)
{
    auto *box = new QSpinBox;
    box->setObjectName(objectName);
    box->setRange(0, std::numeric_limits<int>::max());
    box->setSuffix(QStringLiteral(" ms"));
    box->setGroupSeparatorShown(true);
    box->setToolTip(toolTip);
    return box;
}

} // namespace

KeepAlivePage::KeepAlivePage(FieldProblems &problems, QWidget *parent)
    : EditorPage(problems, parent)
    , m_keepAlive(new QSpinBox)
    , m_keepAliveWords(new QLabel)
    , m_keepAliveWarning(new QLabel)
    , m_pingTimeout(millisecondsBox(
          QStringLiteral("pingTimeout"),
          QStringLiteral("How long to wait for PINGRESP before calling the link half-open and "
                         "closing it; 0 waits one keep-alive period.")))
    , m_reconnect(new QCheckBox(QStringLiteral("&Reconnect automatically")))
    , m_initialDelay(millisecondsBox(
          QStringLiteral("reconnectInitialDelay"),
          QStringLiteral("The wait before the first reconnect attempt; each next wait doubles.")))
    , m_maximumDelay(millisecondsBox(QStringLiteral("reconnectMaximumDelay"),
                                     QStringLiteral("The longest wait between two attempts.")))
    , m_afterTakeover(new QCheckBox(QStringLiteral("Also after a &take-over")))
{
    auto *keepAliveBox = new QGroupBox(QStringLiteral("Keep-alive"));
    auto *form = new QFormLayout(keepAliveBox);

    m_keepAlive->setObjectName(QStringLiteral("keepAlive"));
    // Wider than the protocol's 0..65535 on purpose: a typed 70000 must stay visible, with
    // the reason it is refused, instead of being silently cut to 65535.
    m_keepAlive->setRange(0, 9999999);
    m_keepAlive->setSuffix(QStringLiteral(" s"));
    m_keepAlive->setToolTip(
        QStringLiteral("The longest silence the client allows itself before sending PINGREQ; "
                       "the broker drops it after 1.5 times that [MQTT-3.1.2-24]."));
    m_keepAliveWords->setObjectName(QStringLiteral("keepAliveWords"));
    m_keepAliveWords->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keepAliveWords->setWordWrap(true);
    auto *row = new QWidget;
    row->setObjectName(QStringLiteral("keepAliveRow"));
    auto *rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(m_keepAlive);
    rowLayout->addWidget(m_keepAliveWords, 1);
    addRow(form, QStringLiteral("&Keep-alive:"), row, QStringLiteral("Keep-alive"),
           QStringLiteral("keepAliveProblem"));

    m_keepAliveWarning->setObjectName(QStringLiteral("keepAliveWarning"));
    m_keepAliveWarning->setWordWrap(true);
    m_keepAliveWarning->setText(
        QStringLiteral("⚠ Keep-alive 0 switches the check off on both sides: a half-open link "
                       "then goes unnoticed, and the broker never publishes the will for it."));
    form->addRow(QString(), m_keepAliveWarning);
    addRow(form, QStringLiteral("&PINGRESP timeout:"), m_pingTimeout,
           QStringLiteral("PINGRESP timeout"));
    m_pingTimeout->setSpecialValueText(QStringLiteral("one keep-alive period"));

    auto *reconnectBox = new QGroupBox(QStringLiteral("When the connection is lost"));
    auto *reconnectForm = new QFormLayout(reconnectBox);
    m_reconnect->setObjectName(QStringLiteral("autoReconnect"));
    m_reconnect->setToolTip(QStringLiteral("Connect again after a lost connection, waiting "
                                           "longer after each failed attempt."));
    reconnectForm->addRow(QString(), m_reconnect);
    addRow(reconnectForm, QStringLiteral("&First wait:"), m_initialDelay,
           QStringLiteral("Reconnect delay"));
    addRow(reconnectForm, QStringLiteral("&Longest wait:"), m_maximumDelay,
           QStringLiteral("Maximum reconnect delay"));
    m_afterTakeover->setObjectName(QStringLiteral("reconnectAfterTakeover"));
    m_afterTakeover->setToolTip(QStringLiteral("Reconnecting after a take-over knocks the other "
                                               "client off in turn, and it may do the same."));
    reconnectForm->addRow(QString(), m_afterTakeover);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(keepAliveBox);
    layout->addWidget(reconnectBox);
    layout->addStretch();

    connect(m_keepAlive, &QSpinBox::valueChanged, this, &KeepAlivePage::updateWords);
    for (QSpinBox *box : {m_keepAlive, m_pingTimeout, m_initialDelay, m_maximumDelay})
        connect(box, &QSpinBox::valueChanged, this, &EditorPage::changed);
    for (QCheckBox *box : {m_reconnect, m_afterTakeover})
        connect(box, &QCheckBox::toggled, this, &EditorPage::changed);
    for (QWidget *dependent :
         {static_cast<QWidget *>(m_initialDelay), static_cast<QWidget *>(m_maximumDelay),
          static_cast<QWidget *>(m_afterTakeover)})
        connect(m_reconnect, &QCheckBox::toggled, dependent, &QWidget::setEnabled);
    updateWords();
}

void KeepAlivePage::updateWords()
{
    const int seconds = m_keepAlive->value();
    if (seconds == 0 || seconds > 65535) {
        m_keepAliveWords->setText(seconds == 0 ? keepAliveInWords(0) : QString());
    } else {
        // The broker's deadline too: what a user waits for when the client goes silent.
        m_keepAliveWords->setText(
            QStringLiteral("%1 · the broker drops a silent client after "
                           "%2")
                .arg(keepAliveInWords(seconds), keepAliveInWords(seconds + seconds / 2)));
    }
    m_keepAliveWarning->setVisible(seconds == 0);
}

void KeepAlivePage::load(const ConnectionProfile &profile)
{
    const SessionSettings &s = profile.settings;
    m_keepAlive->setValue(s.keepAliveSeconds);
    m_pingTimeout->setValue(s.pingTimeoutMs);
    m_reconnect->setChecked(s.reconnect.enabled);
    m_initialDelay->setValue(s.reconnect.initialDelayMs);
    m_maximumDelay->setValue(s.reconnect.maximumDelayMs);
    m_afterTakeover->setChecked(s.reconnect.afterTakeover);
    for (QWidget *dependent :
         {static_cast<QWidget *>(m_initialDelay), static_cast<QWidget *>(m_maximumDelay),
          static_cast<QWidget *>(m_afterTakeover)})
        dependent->setEnabled(s.reconnect.enabled);
}

void KeepAlivePage::apply(ConnectionProfile &profile, QList<SettingsProblem> &) const
{
    SessionSettings &s = profile.settings;
    s.keepAliveSeconds = m_keepAlive->value();
    s.pingTimeoutMs = m_pingTimeout->value();
    s.reconnect.enabled = m_reconnect->isChecked();
    s.reconnect.initialDelayMs = m_initialDelay->value();
    s.reconnect.maximumDelayMs = m_maximumDelay->value();
    s.reconnect.afterTakeover = m_afterTakeover->isChecked();
}

void KeepAlivePage::setVersion(Protocol::ProtocolVersion) {}

} // namespace PingScope
