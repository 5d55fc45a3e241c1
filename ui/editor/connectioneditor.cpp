#include "connectioneditor.h"

#include "connectionpage.h"
#include "keepalivepage.h"
#include "profiles/credentialstore.h"
#include "securitypage.h"
#include "willpage.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace PingScope {

ConnectionEditor::ConnectionEditor(CredentialStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_tabs(new QTabWidget)
    , m_connectionPage(new ConnectionPage(m_fieldProblems))
    , m_securityPage(new SecurityPage(m_fieldProblems))
    , m_keepAlivePage(new KeepAlivePage(m_fieldProblems))
    , m_willPage(new WillPage(m_fieldProblems))
    , m_summary(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel))
{
    setWindowTitle(QStringLiteral("Connection"));
    m_tabs->setObjectName(QStringLiteral("editorTabs"));
    m_pages = {m_connectionPage, m_securityPage, m_keepAlivePage, m_willPage};
    m_tabTitles = {QStringLiteral("Connection"), QStringLiteral("Security"),
                   QStringLiteral("Keep-alive"), QStringLiteral("Will")};
    for (int i = 0; i < m_pages.size(); ++i) {
        m_tabs->addTab(m_pages[i], m_tabTitles[i]);
        connect(m_pages[i], &EditorPage::changed, this, &ConnectionEditor::validate);
    }
    connect(m_connectionPage, &ConnectionPage::versionChanged, this, &ConnectionEditor::setVersion);

    m_summary->setObjectName(QStringLiteral("problemSummary"));
    m_summary->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectionEditor::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
    // Wide enough for the reasons under the fields to fit on a line or two: wrapped labels
    // in nested form layouts otherwise get too little height and are cut off.
    setMinimumWidth(fontMetrics().averageCharWidth() * 115);

    if (m_store) {
        const auto showAvailability = [this](const CredentialResult &result) {
            m_securityPage->setKeyringAvailable(result.error != CredentialError::NoKeyring,
                                                result.errorText);
        };
        m_store->checkAvailability(this, showAvailability);
    } else {
        m_securityPage->setKeyringAvailable(false, QStringLiteral("no credential store"));
    }
    setProfile(ConnectionProfile::create(QString()));
}

void ConnectionEditor::setProfile(const ConnectionProfile &profile)
{
    m_loaded = profile;
    m_loaded.settings.password.reset();
    for (EditorPage *page : std::as_const(m_pages))
        page->load(profile);
    setVersion(profile.settings.version);
    setWindowTitle(profile.name.isEmpty() ? QStringLiteral("New connection")
                                          : QStringLiteral("Connection: %1").arg(profile.name));
    if (profile.settings.password)
        m_securityPage->setStoredPassword(*profile.settings.password);
    else if (m_store && profile.passwordStorage == PasswordStorage::Keyring) {
        const QString id = profile.id;
        m_store->readPassword(id, this, [this, id](const CredentialResult &result) {
            // A later setProfile() may have replaced the profile meanwhile.
            if (result.ok() && id == m_loaded.id)
                m_securityPage->setStoredPassword(result.password);
        });
    }
    validate();
}

ConnectionProfile ConnectionEditor::profile() const
{
    ConnectionProfile edited = m_loaded;
    QList<SettingsProblem> ignored;
    for (EditorPage *page : m_pages)
        page->apply(edited, ignored);
    edited.settings.password.reset();
    return edited;
}

QByteArray ConnectionEditor::password() const
{
    return m_securityPage->password();
}

void ConnectionEditor::setVersion(Protocol::ProtocolVersion version)
{
    for (EditorPage *page : std::as_const(m_pages))
        page->setVersion(version);
}

void ConnectionEditor::validate()
{
    ConnectionProfile edited = m_loaded;
    QList<SettingsProblem> problems;
    for (EditorPage *page : std::as_const(m_pages))
        page->apply(edited, problems);
    // The profile never holds the password, but its rules (a password needs a user name
    // before 5.0) are the session's: check them as the connection will see it.
    SessionSettings checked = edited.settings;
    if (!password().isEmpty() || edited.passwordStorage == PasswordStorage::AskOnConnect)
        checked.password = password();
    problems += validateSettings(checked);
    m_currentProblems = problems;

    const QList<SettingsProblem> unshown = m_fieldProblems.show(problems);
    for (int i = 0; i < m_pages.size(); ++i) {
        const bool marked = m_fieldProblems.hasProblemWithin(m_pages[i]);
        m_tabs->setTabText(i, marked ? m_tabTitles[i] + QStringLiteral(" ⚠") : m_tabTitles[i]);
    }
    QStringList lines;
    for (const SettingsProblem &problem : unshown)
        lines << QStringLiteral("%1: %2").arg(problem.field, problem.message);
    if (!problems.isEmpty()) {
        lines.prepend(
            problems.size() == 1
                ? QStringLiteral("Fix the field marked ⚠ to save.")
                : QStringLiteral("Fix the %1 problems marked ⚠ to save.").arg(problems.size()));
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_summary->setVisible(!lines.isEmpty());
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problems.isEmpty() && !m_busy);
}

void ConnectionEditor::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    m_tabs->setEnabled(!busy);
    validate();
    if (busy) {
        m_summary->setText(status);
        m_summary->setVisible(true);
    }
}

void ConnectionEditor::accept()
{
    validate();
    if (!m_currentProblems.isEmpty() || m_busy)
        return;
    const ConnectionProfile edited = profile();
    if (edited.passwordStorage == PasswordStorage::Keyring && m_store &&
        m_loaded.passwordStorage == PasswordStorage::Keyring && password().isEmpty() &&
        !m_securityPage->passwordEdited()) {
        // Unchanged and never read back (keyring slow or locked): the stored one stays.
        QDialog::accept();
        return;
    }
    if (edited.passwordStorage == PasswordStorage::Keyring && m_store) {
        setBusy(true, QStringLiteral("Storing the password in the keyring…"));
        m_store->writePassword(edited.id, password(), this,
                               [this](const CredentialResult &r) { passwordStored(r); });
        return;
    }
    // Not stored (any more): a password left in the keyring from before would outlive the
    // user's choice. Removing one that is not there succeeds; failures change nothing.
    if (m_store && m_loaded.passwordStorage == PasswordStorage::Keyring)
        m_store->removePassword(edited.id, nullptr, nullptr);
    QDialog::accept();
}

void ConnectionEditor::passwordStored(const CredentialResult &result)
{
    setBusy(false);
    if (result.ok()) {
        QDialog::accept();
        return;
    }
    if (result.error == CredentialError::NoKeyring) {
        // The security page now says so and offers "don't store the password"; Save waits
        // for that choice.
        m_securityPage->setKeyringAvailable(false, result.errorText);
        m_tabs->setCurrentWidget(m_securityPage);
        return;
    }
    m_tabs->setCurrentWidget(m_securityPage);
    m_summary->setText(QStringLiteral("The password was not stored: %1").arg(result.errorText));
    m_summary->setVisible(true);
}

} // namespace PingScope
