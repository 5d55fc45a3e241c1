#include "packetdetail.h"

#include "hexview.h"
#include "packetlook.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace PingScope {

namespace {

enum TreeColumn { NameColumn, ValueColumn, BytesColumn };

bool isSecret(const QString &fieldName)
{
    return fieldName == QLatin1String("Password") ||
           fieldName == QLatin1String("Authentication Data");
}

QString bytesText(const Protocol::FieldRange &field)
{
    if (field.length <= 0)
        return {};
    if (field.length == 1)
        return QString::number(field.offset);
    return QStringLiteral("%1–%2").arg(field.offset).arg(field.offset + field.length - 1);
}

} // namespace

PacketDetail::PacketDetail(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_hex(new HexView(this))
{
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_tree->setHeaderLabels({tr("Field"), tr("Value"), tr("Bytes")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(BytesColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setToolTip(tr("Select a field to highlight its bytes in the hex dump"));
    m_hex->setToolTip(tr("Click a byte to select the field it belongs to"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_hex);
    // The hex dump keeps the width its 16 columns need; the tree's values get the rest.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    connect(m_tree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { onFieldChanged(current); });
    connect(m_hex, &HexView::byteClicked, this, &PacketDetail::onByteClicked);
    showPacket(nullptr, {});
}

void PacketDetail::showPacket(const Event *event, const QString &when)
{
    m_tree->clear();
    m_items.clear();
    m_fields.clear();
    if (!event || !event->isPacket()) {
        m_title->setText(tr("Select a packet to see its fields and bytes"));
        m_hex->setBytes({});
        return;
    }
    m_title->setText(tr("%1 · %2 · %3 · %4")
                         .arg(Protocol::packetTypeName(event->packetType),
                              PacketLook::directionText(event->direction),
                              event->size() == 1 ? tr("1 byte") : tr("%1 bytes").arg(event->size()),
                              when));
    m_hex->setBytes(event->raw);
    m_fields = event->fields();
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const Protocol::FieldRange &field = m_fields[i];
        // The bytes are masked already; the value is hidden as well, whatever the decoder
        // made of the masked bytes.
        const QString value = isSecret(field.name) ? tr("(hidden)") : field.value;
        QTreeWidgetItem *parentItem =
            field.parent >= 0 && field.parent < m_items.size() ? m_items[field.parent] : nullptr;
        auto *item = parentItem ? new QTreeWidgetItem(parentItem) : new QTreeWidgetItem(m_tree);
        item->setText(NameColumn, field.name);
        item->setText(ValueColumn, value);
        item->setText(BytesColumn, bytesText(field));
        item->setToolTip(ValueColumn, value);
        item->setData(NameColumn, Qt::UserRole, int(i));
        m_items.append(item);
    }
    m_tree->expandAll();
}

bool PacketDetail::selectField(const QString &name)
{
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (m_fields[i].name == name) {
            m_tree->setCurrentItem(m_items[i]);
            return true;
        }
    }
    return false;
}

int PacketDetail::selectedField() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(NameColumn, Qt::UserRole).toInt() : -1;
}

void PacketDetail::onFieldChanged(QTreeWidgetItem *item)
{
    const int index = item ? item->data(NameColumn, Qt::UserRole).toInt() : -1;
    if (index < 0 || index >= m_fields.size()) {
        m_hex->setHighlight(0, 0);
        return;
    }
    m_hex->setHighlight(m_fields[index].offset, m_fields[index].length);
}

void PacketDetail::onByteClicked(qsizetype offset)
{
    // The innermost field is the shortest that contains the byte; among equals, the later
    // one is the deeper (children follow their parents in the list).
    int best = -1;
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const Protocol::FieldRange &field = m_fields[i];
        if (offset < field.offset || offset >= field.offset + field.length)
            continue;
        if (best < 0 || field.length <= m_fields[best].length)
            best = int(i);
    }
    if (best >= 0) {
        m_tree->setCurrentItem(m_items[best]);
        m_tree->scrollToItem(m_items[best]);
    }
}

} // namespace PingScope
