#pragma once

#include "editorpage.h"

class QCheckBox;
class QLabel;
class QSpinBox;

namespace PingScope {

// Keep-alive, the PINGRESP timeout, and what happens when the connection is lost.
class KeepAlivePage : public EditorPage
{
    Q_OBJECT

public:
    explicit KeepAlivePage(FieldProblems &problems, QWidget *parent = nullptr);

    void load(const ConnectionProfile &profile) override;
    void apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const override;
    void setVersion(Protocol::ProtocolVersion version) override;

private:
    void updateWords();

    QSpinBox *m_keepAlive = nullptr;
    QLabel *m_keepAliveWords = nullptr;
    QLabel *m_keepAliveWarning = nullptr;
    QSpinBox *m_pingTimeout = nullptr;
    QCheckBox *m_reconnect = nullptr;
    QSpinBox *m_initialDelay = nullptr;
    QSpinBox *m_maximumDelay = nullptr;
    QCheckBox *m_afterTakeover = nullptr;
};

} // namespace PingScope
