#include "sessionlistdelegate.h"

#include "mainwindow/sessionlistmodel.h"
#include "mainwindow/stateappearance.h"

#include <QApplication>
#include <QPainter>

namespace PingScope {

namespace {
constexpr int Margin = 6;

QFont nameFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

QFont detailFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    return font;
}
} // namespace

QSize SessionListDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    Q_UNUSED(index)
    const QFontMetrics top(nameFont(option.font));
    const QFontMetrics bottom(detailFont(option.font));
    // No width of its own: entries take the list's width and elide, never scroll sideways.
    return {0, Margin * 2 + top.height() * 2 + bottom.height() + 2};
}

void SessionListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear(); // the background and selection from the style, the text from us
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.7);

    const auto look = SessionLook(index.data(SessionListModel::LookRole).toInt());
    const QFont top = nameFont(option.font);
    const QFont bottom = detailFont(option.font);
    const QFontMetrics topMetrics(top);
    const QFontMetrics bottomMetrics(bottom);
    const int lineHeight = topMetrics.height();
    const QRect area = option.rect.adjusted(Margin, Margin, -Margin, -Margin);
    const QRect shapeBox(area.left(), area.top(), lineHeight, lineHeight);
    const int textLeft = shapeBox.right() + Margin;

    painter->save();
    StateAppearance::paintShape(painter, shapeBox, look, palette);

    // Line 1: name (left), keep-alive (right).
    const QString keepAlive = index.data(SessionListModel::KeepAliveRole).toString();
    const int kaWidth = keepAlive.isEmpty() ? 0 : bottomMetrics.horizontalAdvance(keepAlive);
    const QRect nameRect(textLeft, area.top(), area.right() - textLeft - kaWidth - Margin,
                         lineHeight);
    painter->setFont(top);
    painter->setPen(text);
    const QString name = QStringLiteral("#%1  %2")
                             .arg(index.data(SessionListModel::IdRole).toInt())
                             .arg(index.data(SessionListModel::NameRole).toString());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      topMetrics.elidedText(name, Qt::ElideRight, nameRect.width()));
    if (!keepAlive.isEmpty()) {
        painter->setFont(bottom);
        painter->setPen(dim);
        painter->drawText(QRect(area.right() - kaWidth, area.top(), kaWidth, lineHeight),
                          Qt::AlignRight | Qt::AlignVCenter, keepAlive);
    }

    // Line 2: the state's word in its colour, then the age and what comes next.
    const int second = area.top() + lineHeight;
    const QFontMetrics stateMetrics(option.font);
    const QString state = index.data(SessionListModel::StateTextRole).toString();
    const int stateWidth = qMin(stateMetrics.horizontalAdvance(state) + 2, area.right() - textLeft);
    painter->setFont(option.font);
    painter->setPen(selected ? text : StateAppearance::colour(look, palette));
    painter->drawText(QRect(textLeft, second, stateWidth, lineHeight),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      stateMetrics.elidedText(state, Qt::ElideRight, stateWidth));
    QStringList rest;
    if (look == SessionLook::Connected || look == SessionLook::Lost ||
        look == SessionLook::ClosedByBroker || look == SessionLook::TakenOver)
        rest << index.data(SessionListModel::HeardRole).toString();
    const QString next = index.data(SessionListModel::NextRole).toString();
    if (!next.isEmpty())
        rest << next;
    if (!rest.isEmpty()) {
        const int left = textLeft + stateWidth + Margin;
        const QRect restRect(left, second, area.right() - left, lineHeight);
        painter->setFont(bottom);
        painter->setPen(dim);
        painter->drawText(
            restRect, Qt::AlignLeft | Qt::AlignVCenter,
            bottomMetrics.elidedText(QStringLiteral("· ") + rest.join(QStringLiteral(" · ")),
                                     Qt::ElideRight, restRect.width()));
    }

    // Line 3: the client ID, which a take-over is all about, after a warning when the
    // broker's certificate is not verified: an icon and words, not a colour alone.
    painter->setFont(bottom);
    painter->setPen(dim);
    QRect idRect(textLeft, second + lineHeight, area.right() - textLeft, bottomMetrics.height());
    if (index.data(SessionListModel::InsecureRole).toBool()) {
        const int iconSize = bottomMetrics.height();
        style->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, widget)
            .paint(painter, QRect(idRect.topLeft(), QSize(iconSize, iconSize)));
        const QString warning = tr("TLS not verified");
        const int warningWidth = bottomMetrics.horizontalAdvance(warning) + Margin;
        painter->setPen(text);
        painter->drawText(idRect.adjusted(iconSize + 2, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          warning);
        painter->setPen(dim);
        idRect.setLeft(idRect.left() + iconSize + 2 + warningWidth);
    }
    painter->drawText(
        idRect, Qt::AlignLeft | Qt::AlignVCenter,
        bottomMetrics.elidedText(
            tr("client ID %1").arg(index.data(SessionListModel::ClientIdRole).toString()),
            Qt::ElideMiddle, idRect.width()));
    painter->restore();
}

} // namespace PingScope
