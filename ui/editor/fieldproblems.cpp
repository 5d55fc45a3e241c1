#include "fieldproblems.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QWidget>

namespace PingScope {

QWidget *FieldProblems::wrap(QWidget *editor, const QString &field, const QString &labelName)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(editor);

    auto *label = new QLabel(box);
    label->setObjectName(labelName.isEmpty() ? editor->objectName() + QStringLiteral("Problem")
                                             : labelName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A red that reads on light and dark palettes alike; the text itself says what is
    // wrong, so colour is not the only carrier.
    label->setStyleSheet(QStringLiteral("color: #d83b3b;"));
    label->hide();
    layout->addWidget(label);
    m_labels.insert(field, label);
    return box;
}

QList<SettingsProblem> FieldProblems::show(const QList<SettingsProblem> &problems)
{
    QHash<QString, QStringList> byField;
    QList<SettingsProblem> unshown;
    for (const SettingsProblem &problem : problems) {
        if (m_labels.contains(problem.field))
            byField[problem.field].append(problem.message);
        else
            unshown.append(problem);
    }
    for (auto it = m_labels.cbegin(); it != m_labels.cend(); ++it) {
        const QStringList messages = byField.value(it.key());
        it.value()->setText(messages.join(QStringLiteral("; ")));
        it.value()->setVisible(!messages.isEmpty());
    }
    return unshown;
}

bool FieldProblems::hasProblemWithin(const QWidget *page) const
{
    for (const QLabel *label : m_labels) {
        // isHidden(), not isVisible(): pages on other tabs are not visible, yet count.
        if (!label->isHidden() && page->isAncestorOf(label))
            return true;
    }
    return false;
}

} // namespace PingScope
