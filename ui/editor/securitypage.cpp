#include "securitypage.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace PingScope {

SecurityPage::SecurityPage(FieldProblems &problems, QWidget *parent)
    : EditorPage(problems, parent)
    , m_userName(new QLineEdit)
    , m_password(new QLineEdit)
    , m_dontStore(new QCheckBox(QStringLiteral("&Don't store the password; ask for it when "
                                               "connecting")))
    , m_keyringNotice(new QLabel)
    , m_tls(new QCheckBox(QStringLiteral("Use &TLS")))
    , m_tlsBox(new QGroupBox(QStringLiteral("TLS")))
    , m_caFile(new QLineEdit)
    , m_certificateFile(new QLineEdit)
    , m_keyFile(new QLineEdit)
    , m_serverName(new QLineEdit)
    , m_allowInsecure(new QCheckBox(QStringLiteral("Allow &insecure (ignore certificate errors)")))
{
    auto *credentials = new QGroupBox(QStringLiteral("Credentials"));
    auto *form = new QFormLayout(credentials);
    m_userName->setObjectName(QStringLiteral("userName"));
    m_userName->setPlaceholderText(QStringLiteral("none"));
    m_userName->setToolTip(QStringLiteral("The user name the CONNECT carries; empty sends none."));
    addRow(form, QStringLiteral("&User name:"), m_userName, QStringLiteral("User name"));

    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(QStringLiteral("none"));
    m_password->setToolTip(QStringLiteral("Kept in the system keyring, never in the profile file; "
                                          "before 5.0 it needs a user name [MQTT-3.1.2-22]."));
    addRow(form, QStringLiteral("Pass&word:"), m_password, QStringLiteral("Password"));

    m_keyringNotice->setObjectName(QStringLiteral("keyringNotice"));
    m_keyringNotice->setWordWrap(true);
    m_keyringNotice->hide();
    form->addRow(QString(), m_keyringNotice);
    m_dontStore->setObjectName(QStringLiteral("dontStorePassword"));
    m_dontStore->setToolTip(QStringLiteral("PingScope then asks for the password at each "
                                           "connection and keeps it nowhere."));
    form->addRow(QString(), m_dontStore);

    m_tls->setObjectName(QStringLiteral("useTls"));
    m_tls->setToolTip(QStringLiteral("Encrypts the connection and verifies the broker's "
                                     "certificate (usually port 8883)."));
    auto *tlsFields = new QWidget;
    tlsFields->setObjectName(QStringLiteral("tlsFields"));
    auto *tlsLayout = new QVBoxLayout(m_tlsBox);
    tlsLayout->addWidget(m_tls);
    tlsLayout->addWidget(tlsFields);
    auto *tlsForm = new QFormLayout(tlsFields);
    tlsForm->setContentsMargins(0, 0, 0, 0);
    addRow(tlsForm, QStringLiteral("&CA certificate:"),
           fileRow(m_caFile, QStringLiteral("caFile"),
                   QStringLiteral("PEM file of the CA that signed the broker's certificate; "
                                  "empty uses the system's CAs.")),
           QStringLiteral("CA certificate"));
    addRow(tlsForm, QStringLiteral("C&lient certificate:"),
           fileRow(m_certificateFile, QStringLiteral("certificateFile"),
                   QStringLiteral("PEM certificate that identifies this client to the broker, "
                                  "with its key.")),
           QStringLiteral("Client certificate"));
    addRow(tlsForm, QStringLiteral("Client &key:"),
           fileRow(m_keyFile, QStringLiteral("keyFile"),
                   QStringLiteral("PEM private key of the client certificate.")),
           QStringLiteral("Client key"));
    m_serverName->setObjectName(QStringLiteral("serverName"));
    m_serverName->setPlaceholderText(QStringLiteral("empty: the host"));
    m_serverName->setToolTip(QStringLiteral("The name sent as SNI and checked against the "
                                            "broker's certificate."));
    addRow(tlsForm, QStringLiteral("Server &name:"), m_serverName, QStringLiteral("Server name"));
    m_allowInsecure->setObjectName(QStringLiteral("allowInsecure"));
    m_allowInsecure->setToolTip(QStringLiteral("Connects despite certificate errors: for test "
                                               "brokers only, the session then says so."));
    tlsForm->addRow(QString(), m_allowInsecure);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(credentials);
    layout->addWidget(m_tlsBox);
    layout->addStretch();

    for (QLineEdit *edit : {m_userName, m_caFile, m_certificateFile, m_keyFile, m_serverName})
        connect(edit, &QLineEdit::textChanged, this, &EditorPage::changed);
    connect(m_password, &QLineEdit::textEdited, this, [this] { m_passwordEdited = true; });
    connect(m_password, &QLineEdit::textChanged, this, &EditorPage::changed);
    for (QCheckBox *box : {m_dontStore, m_allowInsecure})
        connect(box, &QCheckBox::toggled, this, &EditorPage::changed);
    connect(m_tls, &QCheckBox::toggled, tlsFields, &QWidget::setEnabled);
    connect(m_tls, &QCheckBox::toggled, this, &EditorPage::changed);
    tlsFields->setEnabled(false);
}

QWidget *SecurityPage::fileRow(QLineEdit *edit, const QString &objectName, const QString &toolTip)
{
    edit->setObjectName(objectName);
    edit->setToolTip(toolTip);
    auto *browse = new QPushButton(QStringLiteral("Browse…"));
    browse->setObjectName(objectName + QStringLiteral("Browse"));
    auto *row = new QWidget;
    row->setObjectName(objectName + QStringLiteral("Row"));
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit] {
        const QString path = QFileDialog::getOpenFileName(
            this, QStringLiteral("Choose a PEM file"), edit->text(),
            QStringLiteral("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    return row;
}

void SecurityPage::load(const ConnectionProfile &profile)
{
    const SessionSettings &s = profile.settings;
    m_userName->setText(s.userName.value_or(QString()));
    m_password->clear();
    m_passwordEdited = false;
    m_loadedStorage = profile.passwordStorage;
    m_dontStore->setChecked(profile.passwordStorage == PasswordStorage::AskOnConnect);
    m_tls->setChecked(s.tls.enabled);
    m_caFile->setText(s.tls.caFile);
    m_certificateFile->setText(s.tls.certificateFile);
    m_keyFile->setText(s.tls.keyFile);
    m_serverName->setText(s.tls.serverName);
    m_allowInsecure->setChecked(s.tls.allowInsecure);
}

void SecurityPage::apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const
{
    SessionSettings &s = profile.settings;
    s.userName =
        m_userName->text().isEmpty() ? std::nullopt : std::optional<QString>(m_userName->text());
    if (m_dontStore->isChecked())
        profile.passwordStorage = PasswordStorage::AskOnConnect;
    else if (m_password->text().isEmpty() && !m_passwordEdited &&
             m_loadedStorage == PasswordStorage::Keyring)
        // The keyring's answer has not come (or it could not be read): the password is still
        // there, and only the user emptying the field may remove it.
        profile.passwordStorage = PasswordStorage::Keyring;
    else if (m_password->text().isEmpty())
        profile.passwordStorage = PasswordStorage::NoPassword;
    else
        profile.passwordStorage = PasswordStorage::Keyring;
    if (profile.passwordStorage == PasswordStorage::Keyring && !m_keyringAvailable)
        problems.append({QStringLiteral("Password"),
                         QStringLiteral("no keyring to keep it in: choose \"Don't store the "
                                        "password\"")});
    s.tls.enabled = m_tls->isChecked();
    s.tls.caFile = m_caFile->text().trimmed();
    s.tls.certificateFile = m_certificateFile->text().trimmed();
    s.tls.keyFile = m_keyFile->text().trimmed();
    s.tls.serverName = m_serverName->text().trimmed();
    s.tls.allowInsecure = m_allowInsecure->isChecked();
}

void SecurityPage::setVersion(Protocol::ProtocolVersion) {}

QByteArray SecurityPage::password() const
{
    return m_password->text().toUtf8();
}

void SecurityPage::setStoredPassword(const QByteArray &password)
{
    if (!m_passwordEdited)
        m_password->setText(QString::fromUtf8(password));
}

bool SecurityPage::storesPassword() const
{
    return !m_dontStore->isChecked();
}

void SecurityPage::setKeyringAvailable(bool available, const QString &reason)
{
    m_keyringAvailable = available;
    m_keyringReason = reason;
    updateKeyringNotice();
    Q_EMIT changed();
}

void SecurityPage::updateKeyringNotice()
{
    m_keyringNotice->setVisible(!m_keyringAvailable);
    m_keyringNotice->setText(
        QStringLiteral("%1. PingScope never writes passwords to a file.")
            .arg(m_keyringReason.isEmpty()
                     ? QStringLiteral("No keyring available")
                     : m_keyringReason.at(0).toUpper() + m_keyringReason.mid(1)));
}

} // namespace PingScope
