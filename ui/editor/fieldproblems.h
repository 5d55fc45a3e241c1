#pragma once

#include "session/sessionsettings.h"

#include <QHash>
#include <QList>
#include <QString>

class QLabel;
class QWidget;

namespace PingScope {

// Shows each problem right under the field it is about. Fields are matched by the name
// validateSettings() gives them (SettingsProblem::field), so the editor shows the session's
// own reasons, word for word, instead of rules of its own.
class FieldProblems
{
public:
    // A widget holding `editor` and, below it, the label for `field`'s problems (hidden
    // while there is none), named `labelName`, by default `<editor's objectName>Problem`.
    QWidget *wrap(QWidget *editor, const QString &field, const QString &labelName = QString());

    // Shows `problems` (several for one field are joined) and clears the other labels.
    // Returns the problems of fields that have no label here.
    QList<SettingsProblem> show(const QList<SettingsProblem> &problems);

    // True when a shown problem's label lies within `page`: its tab gets a mark.
    bool hasProblemWithin(const QWidget *page) const;

private:
    QHash<QString, QLabel *> m_labels;
};

} // namespace PingScope
