#pragma once

#include "fieldproblems.h"
#include "profiles/connectionprofile.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QTabWidget;

namespace PingScope {

class ConnectionPage;
class CredentialStore;
struct CredentialResult;
class EditorPage;
class KeepAlivePage;
class SecurityPage;
class WillPage;

// The dialog that edits one ConnectionProfile. Every field is checked as the user types,
// by validateSettings() (the session's own rules) plus what only the editor sees (text that
// is not a number); the reason stands under the field and Save stays disabled meanwhile.
// The password goes to the CredentialStore when Save is pressed, never into the profile.
//
//     ConnectionEditor editor(credentialStore, this);
//     editor.setProfile(ConnectionProfile::create(QStringLiteral("New connection")));
//     if (editor.exec() == QDialog::Accepted) {
//         profileStore.save(editor.profile());   // settings.password is empty
//         connectNow(editor.profile(), editor.password());
//     }
class ConnectionEditor : public QDialog
{
    Q_OBJECT

public:
    // `store` keeps the passwords, keyed by profile id; it must outlive the dialog. Its
    // availability is checked at once, so a missing keyring is said before Save.
    explicit ConnectionEditor(CredentialStore *store, QWidget *parent = nullptr);

    // Shows `profile`. A password kept in the keyring is read from the store (later, from
    // the event loop) unless the user has typed one by then.
    void setProfile(const ConnectionProfile &profile);
    // The profile as edited. Fields the editor does not show are those of setProfile()'s.
    // settings.password is always empty: see password().
    ConnectionProfile profile() const;
    // The password as typed or read from the keyring, to connect with right away (also when
    // the user chose not to store it).
    QByteArray password() const;
    // What is wrong right now; Save is enabled exactly when this is empty.
    QList<SettingsProblem> problems() const { return m_currentProblems; }

    // Save: stores (or removes) the password first and closes once the store has answered.
    // Without a keyring the dialog stays open and offers not to store the password.
    void accept() override;

private:
    void validate();
    void setVersion(Protocol::ProtocolVersion version);
    void setBusy(bool busy, const QString &status = QString());
    void passwordStored(const CredentialResult &result);

    CredentialStore *m_store = nullptr;
    FieldProblems m_fieldProblems;
    ConnectionProfile m_loaded;
    QTabWidget *m_tabs = nullptr;
    ConnectionPage *m_connectionPage = nullptr;
    SecurityPage *m_securityPage = nullptr;
    KeepAlivePage *m_keepAlivePage = nullptr;
    WillPage *m_willPage = nullptr;
    QList<EditorPage *> m_pages;
    QStringList m_tabTitles;
    QLabel *m_summary = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QList<SettingsProblem> m_currentProblems;
    bool m_busy = false;
};

} // namespace PingScope
