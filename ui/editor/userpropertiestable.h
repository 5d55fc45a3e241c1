#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

class QTableWidget;

namespace PingScope {

// Name/value pairs (5.0 User Properties) in a two-column table with Add and Remove. Order
// and duplicates are kept: both are meaningful on the wire (5.0 section 3.1.3.2.8).
class UserPropertiesTable : public QWidget
{
    Q_OBJECT

public:
    explicit UserPropertiesTable(QWidget *parent = nullptr);

    void setProperties(const QList<QPair<QString, QString>> &properties);
    // Rows whose name and value are both empty are left out.
    QList<QPair<QString, QString>> properties() const;

Q_SIGNALS:
    void changed();

private:
    void addRow(const QString &name, const QString &value);

    QTableWidget *m_table = nullptr;
};

} // namespace PingScope
