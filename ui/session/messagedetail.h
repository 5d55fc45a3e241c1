#pragma once

#include <QByteArray>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabBar;

namespace PingScope {

struct MessageRow;

// The selected message in full: its topic and flags, its 5.0 properties (content type,
// user properties, ...), and its payload as text, pretty JSON or hex. The mode is the user's choice
// and stays when the selection changes; a mode that does not apply (JSON for a binary payload) says
// so rather than showing nothing.
class MessageDetail : public QWidget
{
public:
    enum Mode { Text, Json, Hex };

    explicit MessageDetail(QWidget *parent = nullptr);

    void showMessage(const MessageRow &row);
    void clearMessage();
    void setMode(Mode mode);
    QString shownText() const;      // for tests
    QString propertiesText() const; // the 5.0 properties shown, "Name: value" per line

    // The payload as `mode` shows it; an explanation when it cannot be shown that way.
    static QString render(const QByteArray &payload, Mode mode);

private:
    void refresh();

    QLabel *m_header;
    QLabel *m_properties; // 5.0 properties; hidden when the message has none
    QTabBar *m_modes;
    QPlainTextEdit *m_text;
    QString m_propertiesText;
    QByteArray m_payload;
    bool m_hasMessage = false;
};

} // namespace PingScope
