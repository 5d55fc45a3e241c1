#pragma once

#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QTextCharFormat;

namespace PingScope {

class LocalBroker;

// The "Broker log" dock: what the local mosquitto says, live. A line on top says which
// mosquitto runs (version, executable, port, configuration) or why none does, with the
// install command when it is missing. The log itself is read-only, monospace and bounded
// (the oldest lines go, and a note counts them); it follows new lines unless the user
// scrolled up to read, and then keeps what they read in place. Copy and Clear act on the
// view only: the broker and its own log() go on.
class BrokerLogView : public QWidget
{
public:
    static constexpr int DefaultMaximumLines = 5000;

    explicit BrokerLogView(QWidget *parent = nullptr);

    // The broker to show (not owned; nullptr: none). Shows its log so far, then follows it.
    void setBroker(LocalBroker *broker);
    LocalBroker *broker() const { return m_broker; }

    void setMaximumLines(int lines);
    int maximumLines() const;
    // Lines pushed out by the bound since the last clear().
    quint64 droppedLines() const;

    // Whole lines, '\n'-separated (LocalBroker::logAppended()).
    void appendLines(const QString &lines);
    // The selected text, or all of it when nothing is selected, to the clipboard.
    void copy();
    void clear();

    QPlainTextEdit *textView() const { return m_text; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *droppedLabel() const { return m_dropped; }

private:
    QTextCharFormat formatOf(QStringView line) const;
    void refreshStatus();
    void refreshDropped();

    QPointer<LocalBroker> m_broker;
    QLabel *m_status;
    QLabel *m_dropped;
    QPlainTextEdit *m_text;
    QAction *m_copy;
    QAction *m_clear;
    quint64 m_linesShown = 0; // appended since the last clear(), kept or not
};

} // namespace PingScope
