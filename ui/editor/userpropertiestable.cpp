#include "userpropertiestable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace PingScope {

UserPropertiesTable::UserPropertiesTable(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2))
{
    m_table->setObjectName(QStringLiteral("userPropertiesTable"));
    m_table->setHorizontalHeaderLabels({QStringLiteral("Name"), QStringLiteral("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Room for a few pairs without pushing the dialog off the screen.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() +
                              3 * m_table->verticalHeader()->defaultSectionSize() + 4);
    m_table->setMaximumHeight(m_table->minimumHeight() * 2);

    auto *add = new QPushButton(QStringLiteral("&Add"));
    add->setObjectName(QStringLiteral("userPropertiesAdd"));
    add->setToolTip(QStringLiteral("Adds a name/value pair; the same name may appear twice."));
    auto *remove = new QPushButton(QStringLiteral("Re&move"));
    remove->setObjectName(QStringLiteral("userPropertiesRemove"));
    remove->setToolTip(QStringLiteral("Removes the selected pairs."));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        addRow(QString(), QString());
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        QList<int> numbers;
        for (const QModelIndex &index : rows)
            numbers.append(index.row());
        std::sort(numbers.rbegin(), numbers.rend());
        for (int row : numbers)
            m_table->removeRow(row);
        Q_EMIT changed();
    });
    connect(m_table, &QTableWidget::itemChanged, this, &UserPropertiesTable::changed);
}

void UserPropertiesTable::addRow(const QString &name, const QString &value)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
}

void UserPropertiesTable::setProperties(const QList<QPair<QString, QString>> &properties)
{
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    for (const auto &[name, value] : properties)
        addRow(name, value);
    Q_EMIT changed();
}

QList<QPair<QString, QString>> UserPropertiesTable::properties() const
{
    QList<QPair<QString, QString>> result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = m_table->item(row, 0)->text();
        const QString value = m_table->item(row, 1)->text();
        if (!name.isEmpty() || !value.isEmpty())
            result.append({name, value});
    }
    return result;
}

} // namespace PingScope
