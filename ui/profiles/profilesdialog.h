#pragma once

#include "profiles/connectionprofile.h"

#include <QDialog>
#include <QHash>

#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace PingScope {

class CredentialStore;
class ProfileStore;

// The saved connections (ProfileStore): pick one and Connect, or create, edit, duplicate,
// delete, import and export them. Files that could not be read are listed on top by name,
// with the name they were set aside under, so that nothing disappears without a word.
//
//     ProfilesDialog dialog(&store, credentials, this);
//     if (dialog.exec() == QDialog::Accepted)
//         connectTo(dialog.chosenProfile(), dialog.chosenPassword());
class ProfilesDialog : public QDialog
{
    Q_OBJECT

public:
    ProfilesDialog(ProfileStore *store, CredentialStore *credentials, QWidget *parent = nullptr);

    // Re-reads the store; keeps the selection where it can.
    void reload();
    void selectProfile(const QString &id);

    // After Connect: the profile to open, and the password typed in the editor during this
    // dialog if there was one (otherwise empty: the caller asks the keyring or the user).
    ConnectionProfile chosenProfile() const { return m_chosen; }
    QByteArray chosenPassword() const { return m_typedPasswords.value(m_chosen.id); }

    // Each returns true when it saved or removed something. Public for tests, which drive the
    // editor themselves through ConnectionEditor's own test hooks.
    bool importFrom(const QString &path);
    bool exportTo(const QString &path, const QList<ConnectionProfile> &profiles);
    bool deleteProfile(const QString &id);

    QTreeWidget *list() const { return m_list; }
    QLabel *problemsLabel() const { return m_problems; }
    QList<ConnectionProfile> profiles() const { return m_profiles; }

private:
    std::optional<ConnectionProfile> selected() const;
    QList<ConnectionProfile> selectedProfiles() const;
    // Opens the ConnectionEditor on `profile`; on Save writes it to the store and selects it.
    void edit(const ConnectionProfile &profile);
    void newProfile();
    void duplicateSelected();
    void deleteSelected();
    void importFromDialog();
    void exportFromDialog();
    void connectSelected();
    void updateButtons();
    void showProblems(const QStringList &lines);

    ProfileStore *m_store;
    CredentialStore *m_credentials;
    QList<ConnectionProfile> m_profiles;
    QStringList m_loadProblems;
    ConnectionProfile m_chosen;
    QHash<QString, QByteArray> m_typedPasswords; // profile id -> typed in the editor just now
    QLabel *m_problems;
    QTreeWidget *m_list;
    QPushButton *m_connect;
    QPushButton *m_edit;
    QPushButton *m_duplicate;
    QPushButton *m_delete;
    QPushButton *m_export;
};

} // namespace PingScope
