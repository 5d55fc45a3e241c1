#include "editorpage.h"

#include "fieldproblems.h"

#include <QFormLayout>

namespace PingScope {

EditorPage::EditorPage(FieldProblems &problems, QWidget *parent)
    : QWidget(parent)
    , m_problems(problems)
{}

std::optional<qint64> EditorPage::parseNumber(const QString &text, const QString &field, qint64 min,
                                              qint64 max, QList<SettingsProblem> &problems)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 value = trimmed.toLongLong(&ok);
    if (!ok) {
        problems.append({field, QStringLiteral("\"%1\" is not a whole number").arg(trimmed)});
        return std::nullopt;
    }
    if (value < min || value > max) {
        problems.append(
            {field, QStringLiteral("%1 is outside %2..%3").arg(value).arg(min).arg(max)});
        return std::nullopt;
    }
    return value;
}

QWidget *EditorPage::addRow(QFormLayout *form, const QString &label, QWidget *editor,
                            const QString &field, const QString &problemLabelName)
{
    QWidget *row = m_problems.wrap(editor, field, problemLabelName);
    form->addRow(label, row);
    return row;
}

} // namespace PingScope
