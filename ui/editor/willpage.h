#pragma once

#include "editorpage.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace PingScope {

class UserPropertiesTable;

// The Last Will: the message the broker publishes when this client goes away without a
// proper DISCONNECT, its 5.0 properties, and whether PingScope watches for it.
class WillPage : public EditorPage
{
    Q_OBJECT

public:
    explicit WillPage(FieldProblems &problems, QWidget *parent = nullptr);

    void load(const ConnectionProfile &profile) override;
    // A will switched off goes to profile.disabledWill, so that switching it on again
    // restores it; before 5.0 its properties are left out (3.1.1 has none).
    void apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const override;
    void setVersion(Protocol::ProtocolVersion version) override;

private:
    Protocol::Will will(QList<SettingsProblem> &problems) const;
    Protocol::Properties properties(QList<SettingsProblem> &problems) const;
    void switchPayloadFormat();
    void updateEnabled();

    QCheckBox *m_enabled = nullptr;
    QGroupBox *m_message = nullptr;
    QLineEdit *m_topic = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QComboBox *m_payloadFormat = nullptr;
    QComboBox *m_qos = nullptr;
    QCheckBox *m_retain = nullptr;
    QCheckBox *m_watch = nullptr;
    QGroupBox *m_properties = nullptr;
    QLineEdit *m_delay = nullptr;
    QLineEdit *m_messageExpiry = nullptr;
    QComboBox *m_payloadFormatIndicator = nullptr;
    QLineEdit *m_contentType = nullptr;
    QLineEdit *m_responseTopic = nullptr;
    QLineEdit *m_correlationData = nullptr;
    UserPropertiesTable *m_userProperties = nullptr;
    QLabel *m_needsV5 = nullptr;
    bool m_v5 = true;
    bool m_payloadIsHex = false;
};

} // namespace PingScope
