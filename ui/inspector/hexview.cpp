#include "hexview.h"

#include <QFontDatabase>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

namespace PingScope {

namespace {

constexpr int Margin = 6;
constexpr int GroupGap = 1; // extra characters between the two groups of 8 bytes

QChar printable(char byte)
{
    return byte >= 0x20 && byte < 0x7f ? QChar(QLatin1Char(byte)) : QChar(u'·');
}

} // namespace

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewport()->setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::StrongFocus);
}

HexView::Layout HexView::layout() const
{
    const QFontMetrics metrics(font());
    Layout l;
    l.charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    l.lineHeight = metrics.height() + 2;
    l.offsetDigits = m_bytes.size() > 0xffff ? 8 : 4;
    l.hexX = Margin + (l.offsetDigits + 2) * l.charWidth;
    // Each byte is two digits and a space; the groups of 8 have a gap between them.
    l.asciiX = l.hexX + (BytesPerLine * 3 + GroupGap + 1) * l.charWidth;
    return l;
}

int HexView::hexX(const Layout &l, int column) const
{
    return l.hexX + (column * 3 + (column >= BytesPerLine / 2 ? GroupGap : 0)) * l.charWidth;
}

void HexView::setBytes(const QByteArray &bytes)
{
    m_bytes = bytes;
    m_highlightOffset = 0;
    m_highlightLength = 0;
    updateScrollBar();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void HexView::setHighlight(qsizetype offset, qsizetype length)
{
    m_highlightOffset = qBound<qsizetype>(0, offset, m_bytes.size());
    m_highlightLength = qBound<qsizetype>(0, length, m_bytes.size() - m_highlightOffset);
    if (m_highlightLength > 0) {
        const int firstLine = int(m_highlightOffset / BytesPerLine);
        const int lastLine = int((m_highlightOffset + m_highlightLength - 1) / BytesPerLine);
        QScrollBar *bar = verticalScrollBar();
        if (firstLine < bar->value() || lastLine >= bar->value() + bar->pageStep())
            bar->setValue(firstLine);
    }
    viewport()->update();
}

QRect HexView::hexRect(qsizetype offset) const
{
    const Layout l = layout();
    const int line = int(offset / BytesPerLine) - verticalScrollBar()->value();
    if (offset < 0 || offset >= m_bytes.size() || line < 0)
        return {};
    const int x = hexX(l, int(offset % BytesPerLine)) - horizontalScrollBar()->value();
    return QRect(x, Margin + line * l.lineHeight, 2 * l.charWidth, l.lineHeight);
}

qsizetype HexView::offsetAt(const QPoint &point) const
{
    const Layout l = layout();
    const int x = point.x() + horizontalScrollBar()->value();
    const int line = (point.y() - Margin) / l.lineHeight + verticalScrollBar()->value();
    if (point.y() < Margin || line < 0)
        return -1;
    int column = -1;
    if (x >= l.asciiX) {
        column = (x - l.asciiX) / l.charWidth;
    } else {
        for (int c = 0; c < BytesPerLine; ++c) {
            if (x >= hexX(l, c) && x < hexX(l, c) + 3 * l.charWidth)
                column = c;
        }
    }
    if (column < 0 || column >= BytesPerLine)
        return -1;
    const qsizetype offset = qsizetype(line) * BytesPerLine + column;
    return offset < m_bytes.size() ? offset : -1;
}

QSize HexView::sizeHint() const
{
    const Layout l = layout();
    return {l.asciiX + BytesPerLine * l.charWidth + Margin +
                verticalScrollBar()->sizeHint().width(),
            12 * l.lineHeight};
}

void HexView::updateScrollBar()
{
    const Layout l = layout();
    const int lines = int((m_bytes.size() + BytesPerLine - 1) / BytesPerLine);
    const int visible = qMax(1, (viewport()->height() - Margin) / l.lineHeight);
    verticalScrollBar()->setRange(0, qMax(0, lines - visible));
    verticalScrollBar()->setPageStep(visible);
    const int width = l.asciiX + BytesPerLine * l.charWidth + Margin;
    horizontalScrollBar()->setRange(0, qMax(0, width - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

void HexView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateScrollBar();
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const Layout l = layout();
    const QPalette &pal = palette();
    painter.translate(-horizontalScrollBar()->value(), 0);
    const int firstLine = verticalScrollBar()->value();
    const int lines = int((m_bytes.size() + BytesPerLine - 1) / BytesPerLine);
    const int ascent = QFontMetrics(font()).ascent() + 1;
    const QColor dim = pal.color(QPalette::Disabled, QPalette::Text);

    for (int line = firstLine; line < lines; ++line) {
        const int y = Margin + (line - firstLine) * l.lineHeight;
        if (y > viewport()->height())
            break;
        painter.setPen(dim);
        painter.drawText(
            Margin, y + ascent,
            QStringLiteral("%1").arg(line * BytesPerLine, l.offsetDigits, 16, QLatin1Char('0')));
        for (int column = 0; column < BytesPerLine; ++column) {
            const qsizetype offset = qsizetype(line) * BytesPerLine + column;
            if (offset >= m_bytes.size())
                break;
            const bool marked = highlighted(offset);
            const int hx = hexX(l, column);
            const int ax = l.asciiX + column * l.charWidth;
            if (marked) {
                // The highlight runs on through the space to the next marked byte, so a
                // field reads as one block.
                const bool nextMarked = column + 1 < BytesPerLine && highlighted(offset + 1);
                const int width = nextMarked ? hexX(l, column + 1) - hx : 2 * l.charWidth;
                painter.fillRect(
                    QRect(hx - l.charWidth / 4, y, width + l.charWidth / 2, l.lineHeight),
                    pal.color(QPalette::Highlight));
                painter.fillRect(QRect(ax, y, l.charWidth, l.lineHeight),
                                 pal.color(QPalette::Highlight));
            }
            painter.setPen(pal.color(marked ? QPalette::HighlightedText : QPalette::Text));
            const char byte = m_bytes.at(offset);
            painter.drawText(
                hx, y + ascent,
                QStringLiteral("%1").arg(quint8(byte), 2, 16, QLatin1Char('0')).toUpper());
            painter.drawText(ax, y + ascent, QString(printable(byte)));
        }
    }
}

void HexView::mousePressEvent(QMouseEvent *event)
{
    const qsizetype offset = offsetAt(event->position().toPoint());
    if (offset >= 0)
        Q_EMIT byteClicked(offset);
    QAbstractScrollArea::mousePressEvent(event);
}

} // namespace PingScope
