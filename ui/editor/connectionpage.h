#pragma once

#include "editorpage.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace PingScope {

// Which broker, which protocol, and who the client is: name, host and port (or the local
// test broker), MQTT version,
// client ID, clean session / clean start and (5.0) session expiry.
class ConnectionPage : public EditorPage
{
    Q_OBJECT

public:
    explicit ConnectionPage(FieldProblems &problems, QWidget *parent = nullptr);

    void load(const ConnectionProfile &profile) override;
    void apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const override;
    void setVersion(Protocol::ProtocolVersion version) override;

    Protocol::ProtocolVersion version() const;

Q_SIGNALS:
    void versionChanged(Protocol::ProtocolVersion version);

private:
    void generateClientId();
    void showBrokerRows();

    QFormLayout *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_localBroker = nullptr;
    QLineEdit *m_host = nullptr;
    QWidget *m_hostRow = nullptr;
    QSpinBox *m_port = nullptr;
    QWidget *m_portRow = nullptr;
    QComboBox *m_version = nullptr;
    QLineEdit *m_clientId = nullptr;
    QCheckBox *m_cleanStart = nullptr;
    QLineEdit *m_sessionExpiry = nullptr;
    QWidget *m_sessionExpiryRow = nullptr;
};

} // namespace PingScope
