#include "connectionpage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>

#include <limits>

namespace PingScope {

using Protocol::ProtocolVersion;

ConnectionPage::ConnectionPage(FieldProblems &problems, QWidget *parent)
    : EditorPage(problems, parent)
    , m_form(new QFormLayout(this))
    , m_name(new QLineEdit)
    , m_localBroker(new QCheckBox(QStringLiteral("Use PingScope's &local test broker")))
    , m_host(new QLineEdit)
    , m_port(new QSpinBox)
    , m_version(new QComboBox)
    , m_clientId(new QLineEdit)
    , m_cleanStart(new QCheckBox)
    , m_sessionExpiry(new QLineEdit)
{
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setToolTip(QStringLiteral("The name this connection goes by in PingScope's lists."));
    addRow(m_form, QStringLiteral("&Name:"), m_name, QStringLiteral("Profile name"));

    m_localBroker->setObjectName(QStringLiteral("localBroker"));
    m_localBroker->setToolTip(
        QStringLiteral("Connects to a mosquitto that PingScope starts on 127.0.0.1 when needed, "
                       "on a port free at that moment."));
    m_form->addRow(QString(), m_localBroker);

    m_host->setObjectName(QStringLiteral("host"));
    m_host->setPlaceholderText(QStringLiteral("broker.example.com or 192.0.2.10"));
    m_host->setToolTip(QStringLiteral("The broker's host name or IP address."));
    m_hostRow = addRow(m_form, QStringLiteral("&Host:"), m_host, QStringLiteral("Host"));

    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(0, 65535);
    m_port->setToolTip(QStringLiteral("The broker's TCP port: usually 1883, or 8883 with TLS."));
    m_portRow = addRow(m_form, QStringLiteral("&Port:"), m_port, QStringLiteral("Port"));

    m_version->setObjectName(QStringLiteral("mqttVersion"));
    m_version->addItem(QStringLiteral("MQTT 3.1"), int(ProtocolVersion::V3_1));
    m_version->addItem(QStringLiteral("MQTT 3.1.1"), int(ProtocolVersion::V3_1_1));
    m_version->addItem(QStringLiteral("MQTT 5.0"), int(ProtocolVersion::V5));
    m_version->setToolTip(QStringLiteral("The protocol version the CONNECT asks for; 5.0 adds "
                                         "reason codes, session expiry and will properties."));
    addRow(m_form, QStringLiteral("MQTT &version:"), m_version, QStringLiteral("MQTT version"));

    m_clientId->setObjectName(QStringLiteral("clientId"));
    m_clientId->setPlaceholderText(QStringLiteral("empty: the broker assigns one"));
    m_clientId->setToolTip(
        QStringLiteral("Identifies the session at the broker; a second connection with the same "
                       "ID takes it over [MQTT-3.1.4-2]."));
    auto *generate = new QPushButton(QStringLiteral("&Generate"));
    generate->setObjectName(QStringLiteral("generateClientId"));
    generate->setToolTip(QStringLiteral("Fills in a new random client ID (pingscope-xxxxxx)."));
    auto *idRow = new QWidget;
    idRow->setObjectName(QStringLiteral("clientIdRow"));
    auto *idLayout = new QHBoxLayout(idRow);
    idLayout->setContentsMargins(0, 0, 0, 0);
    idLayout->addWidget(m_clientId, 1);
    idLayout->addWidget(generate);
    addRow(m_form, QStringLiteral("&Client ID:"), idRow, QStringLiteral("Client ID"),
           QStringLiteral("clientIdProblem"));

    m_cleanStart->setObjectName(QStringLiteral("cleanStart"));
    m_form->addRow(QString(), m_cleanStart);

    m_sessionExpiry->setObjectName(QStringLiteral("sessionExpiry"));
    m_sessionExpiry->setPlaceholderText(QStringLiteral("0: the session ends with the connection"));
    m_sessionExpiry->setToolTip(
        QStringLiteral("Seconds the broker keeps the session after the connection ends; "
                       "4294967295 keeps it forever (5.0 property 0x11)."));
    m_sessionExpiryRow = addRow(m_form, QStringLiteral("Session e&xpiry (s):"), m_sessionExpiry,
                                QStringLiteral("Session expiry"));

    for (QLineEdit *edit : {m_name, m_host, m_clientId, m_sessionExpiry})
        connect(edit, &QLineEdit::textChanged, this, &EditorPage::changed);
    connect(m_port, &QSpinBox::valueChanged, this, &EditorPage::changed);
    connect(m_cleanStart, &QCheckBox::toggled, this, &EditorPage::changed);
    connect(m_localBroker, &QCheckBox::toggled, this, [this] {
        showBrokerRows();
        Q_EMIT changed();
    });
    connect(m_version, &QComboBox::currentIndexChanged, this, [this] {
        Q_EMIT versionChanged(version());
        Q_EMIT changed();
    });
    connect(generate, &QPushButton::clicked, this, &ConnectionPage::generateClientId);
    setVersion(version());
}

ProtocolVersion ConnectionPage::version() const
{
    return ProtocolVersion(m_version->currentData().toInt());
}

void ConnectionPage::load(const ConnectionProfile &profile)
{
    const SessionSettings &s = profile.settings;
    m_name->setText(profile.name);
    m_localBroker->setChecked(profile.localBroker);
    showBrokerRows();
    m_host->setText(s.host);
    m_port->setValue(s.port);
    m_version->setCurrentIndex(m_version->findData(int(s.version)));
    m_clientId->setText(s.clientId);
    m_cleanStart->setChecked(s.cleanStart);
    m_sessionExpiry->setText(QString::number(s.sessionExpirySeconds));
}

void ConnectionPage::apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const
{
    SessionSettings &s = profile.settings;
    profile.name = m_name->text().trimmed();
    if (profile.name.isEmpty())
        problems.append({QStringLiteral("Profile name"), QStringLiteral("enter a name")});
    profile.localBroker = m_localBroker->isChecked();
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    // The local broker's port is only known once it runs (the session gets it then); the
    // hidden fields must not hold Save back meanwhile.
    if (profile.localBroker) {
        s.host = QStringLiteral("127.0.0.1");
        if (s.port == 0)
            s.port = 1883;
    }
    s.version = version();
    s.clientId = m_clientId->text();
    s.cleanStart = m_cleanStart->isChecked();
    // Hidden before 5.0: what the field holds then must not hold Save back unseen.
    if (s.version == ProtocolVersion::V5) {
        s.sessionExpirySeconds =
            quint32(parseNumber(m_sessionExpiry->text(), QStringLiteral("Session expiry"), 0,
                                std::numeric_limits<quint32>::max(), problems)
                        .value_or(0));
    }
}

void ConnectionPage::setVersion(ProtocolVersion version)
{
    const bool v5 = version == ProtocolVersion::V5;
    // The same connect flag bit under two names (3.1.1 section 3.1.2.4, 5.0 section 3.1.2.4).
    m_cleanStart->setText(v5 ? QStringLiteral("Clean &start") : QStringLiteral("Clean &session"));
    m_cleanStart->setToolTip(
        v5 ? QStringLiteral("Start a new session, discarding any the broker kept for this "
                            "client ID.")
           : QStringLiteral("Discard the session when the connection ends; an empty client ID "
                            "needs it [MQTT-3.1.3-7]."));
    m_form->setRowVisible(m_sessionExpiryRow, v5);
}

void ConnectionPage::showBrokerRows()
{
    const bool remote = !m_localBroker->isChecked();
    m_form->setRowVisible(m_hostRow, remote);
    m_form->setRowVisible(m_portRow, remote);
}

void ConnectionPage::generateClientId()
{
    // The CLI's form of generated IDs, short enough even for MQTT 3.1's 23 characters.
    const quint32 random = QRandomGenerator::global()->bounded(0x1000000u);
    m_clientId->setText(QStringLiteral("pingscope-%1").arg(random, 6, 16, QLatin1Char('0')));
}

} // namespace PingScope
