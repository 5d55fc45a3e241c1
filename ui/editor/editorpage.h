#pragma once

#include "profiles/connectionprofile.h"

#include <QWidget>

#include <optional>

class QFormLayout;

namespace PingScope {

class FieldProblems;

// One tab of the ConnectionEditor. A page shows its part of a profile and writes it back;
// the editor validates the whole, so pages only report what they alone can see (text that
// is not a number, hex that is not hex).
class EditorPage : public QWidget
{
    Q_OBJECT

public:
    EditorPage(FieldProblems &problems, QWidget *parent = nullptr);

    virtual void load(const ConnectionProfile &profile) = 0;
    // Writes the page's fields into `profile`, leaving the others as they are.
    virtual void apply(ConnectionProfile &profile, QList<SettingsProblem> &problems) const = 0;
    // Shows or hides what only some MQTT versions have.
    virtual void setVersion(Protocol::ProtocolVersion version) = 0;

Q_SIGNALS:
    void changed();

protected:
    // `text` as a whole number in min..max; nullopt and a problem for `field` otherwise.
    // Empty text is nullopt without a problem: the caller decides what empty means.
    static std::optional<qint64> parseNumber(const QString &text, const QString &field, qint64 min,
                                             qint64 max, QList<SettingsProblem> &problems);
    // Adds a row to `form` whose field shows its problems below it; returns the row's field
    // widget (for QFormLayout::setRowVisible()).
    QWidget *addRow(QFormLayout *form, const QString &label, QWidget *editor, const QString &field,
                    const QString &problemLabelName = QString());

    FieldProblems &m_problems;
};

} // namespace PingScope
