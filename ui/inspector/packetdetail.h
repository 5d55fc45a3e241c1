#pragma once

#include "monitor/event.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace PingScope {

class HexView;

// One packet in detail: its decoded fields as a tree (properties and reason codes by name,
// with the bytes each came from) beside its hex dump. Selecting a field highlights its
// bytes; clicking a byte selects the innermost field that contains it. A password, or 5.0
// Authentication Data, reads "(hidden)": its bytes were masked when the event was made.
class PacketDetail : public QWidget
{
    Q_OBJECT

public:
    explicit PacketDetail(QWidget *parent = nullptr);

    // The packet event to show (copied: the history may evict it); nullptr clears.
    void showPacket(const Event *event, const QString &when);
    // Selects the first field named `name` (e.g. "Will Topic"); false if there is none.
    bool selectField(const QString &name);
    // The index into fields() of the selected field, or -1.
    int selectedField() const;
    const Protocol::FieldList &fields() const { return m_fields; }
    QTreeWidget *fieldTree() const { return m_tree; }
    HexView *hexView() const { return m_hex; }

private:
    void onFieldChanged(QTreeWidgetItem *item);
    void onByteClicked(qsizetype offset);

    QLabel *m_title;
    QTreeWidget *m_tree;
    HexView *m_hex;
    Protocol::FieldList m_fields;
    QList<QTreeWidgetItem *> m_items; // by field index
};

} // namespace PingScope
