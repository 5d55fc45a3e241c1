#pragma once

#include "editor/fieldproblems.h"
#include "protocol/properties.h"
#include "session/payloadformat.h"

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLineEdit;

namespace PingScope {

class UserPropertiesTable;

// The MQTT 5.0 properties of a PUBLISH: message expiry, payload format indicator, content
// type, response topic, correlation data and user properties, each checked as typed with
// its problem under the field.
class PublishProperties : public QWidget
{
    Q_OBJECT

public:
    explicit PublishProperties(QWidget *parent = nullptr);

    // The properties to send with a payload typed in `mode` (the automatic payload format
    // indicator follows it); problems for fields that cannot be sent as typed.
    Protocol::Properties properties(PayloadMode mode, QList<SettingsProblem> &problems) const;
    // Shows `problems` of these fields under them.
    void showProblems(const QList<SettingsProblem> &problems);
    // How many fields are set, for the collapsed section's title.
    int setCount() const;

    // The fields as typed, for the publish history (a round trip restores them exactly).
    QJsonObject state() const;
    void setState(const QJsonObject &state);

Q_SIGNALS:
    void changed();

private:
    QLineEdit *m_expiry;
    QComboBox *m_format;
    QLineEdit *m_contentType;
    QLineEdit *m_responseTopic;
    QLineEdit *m_correlation;
    UserPropertiesTable *m_userProperties;
    FieldProblems m_problems;
};

} // namespace PingScope
