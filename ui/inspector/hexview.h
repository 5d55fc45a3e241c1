#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>

namespace PingScope {

// A packet's bytes as a hex dump: offset, 16 bytes in hex, the same bytes as ASCII. One
// range of bytes can be highlighted (a field's); clicking a byte, in hex or ASCII, reports
// its offset. Painted rather than made of labels: a 64 KiB PUBLISH is 4,096 lines.
class HexView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    static constexpr int BytesPerLine = 16;

    explicit HexView(QWidget *parent = nullptr);

    void setBytes(const QByteArray &bytes);
    const QByteArray &bytes() const { return m_bytes; }
    // Highlights [offset, offset + length) and scrolls it into view; length 0: nothing.
    void setHighlight(qsizetype offset, qsizetype length);
    qsizetype highlightOffset() const { return m_highlightOffset; }
    qsizetype highlightLength() const { return m_highlightLength; }
    // Where the byte at `offset` is drawn in hex, in viewport coordinates (for tests and
    // tooltips); empty if it is scrolled out of view.
    QRect hexRect(qsizetype offset) const;

    QSize sizeHint() const override;

Q_SIGNALS:
    void byteClicked(qsizetype offset);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Layout
    {
        int charWidth = 0;
        int lineHeight = 0;
        int offsetDigits = 4;
        int hexX = 0;   // where the first hex byte starts
        int asciiX = 0; // where the ASCII column starts
    };
    Layout layout() const;
    int hexX(const Layout &l, int column) const;
    qsizetype offsetAt(const QPoint &point) const;
    void updateScrollBar();
    bool highlighted(qsizetype offset) const
    {
        return offset >= m_highlightOffset && offset < m_highlightOffset + m_highlightLength;
    }

    QByteArray m_bytes;
    qsizetype m_highlightOffset = 0;
    qsizetype m_highlightLength = 0;
};

} // namespace PingScope
