#pragma once

#include "editorpage.h"

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;

namespace PingScope {

// Credentials and TLS. The password is only held here: the ConnectionEditor takes it to the
// CredentialStore, and the profile never carries it.
class SecurityPage : public EditorPage
{
    Q_OBJECT

public:
    explicit SecurityPage(FieldProblems &problems, QWidget *parent = nullptr);

    void load(const ConnectionProfile &profile) override;
    // Sets the user name, TLS and passwordStorage; never settings.password.
    void apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const override;
    void setVersion(Protocol::ProtocolVersion version) override;

    QByteArray password() const;
    // Fills the field from the keyring unless the user has typed something meanwhile.
    void setStoredPassword(const QByteArray &password);
    bool storesPassword() const; // "don't store" is not ticked
    // The user typed in (or emptied) the password field since load().
    bool passwordEdited() const { return m_passwordEdited; }
    // Without a keyring, says so (with the keyring's words) and offers not to store.
    void setKeyringAvailable(bool available, const QString &reason);

private:
    // A path field with a Browse button, as one row widget.
    QWidget *fileRow(QLineEdit *edit, const QString &objectName, const QString &toolTip);
    void updateKeyringNotice();

    QLineEdit *m_userName = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_dontStore = nullptr;
    QLabel *m_keyringNotice = nullptr;
    QCheckBox *m_tls = nullptr;
    QGroupBox *m_tlsBox = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_certificateFile = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QLineEdit *m_serverName = nullptr;
    QCheckBox *m_allowInsecure = nullptr;
    bool m_keyringAvailable = true;
    QString m_keyringReason;
    bool m_passwordEdited = false;
    PasswordStorage m_loadedStorage = PasswordStorage::NoPassword;
};

} // namespace PingScope
