#pragma once

#include <QStyledItemDelegate>

namespace PingScope {

// Paints one session of the list on two lines, the way UI.md sketches it:
//   ● sensor-17          ka 30 s
//     pingscope-48bb6f · heard 0.4 s ago · ping in 12 s
// with the state's shape, colour and word, so it reads at a glance and without colour.
class SessionListDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace PingScope
