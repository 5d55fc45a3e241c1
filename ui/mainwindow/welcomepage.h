#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace PingScope {

// What the centre of the window shows while no session is selected: the three ways to start,
// the first of them the local test broker (the offer a first run needs), with the reason
// when it cannot be had (mosquitto not installed).
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    // Shortcut texts shown next to the buttons, from the actions they stand for.
    void setShortcuts(const QString &connections, const QString &quickSession);
    // Whether mosquitto can be started here; if not, `why` replaces the button's caption.
    void setLocalBrokerAvailable(bool available, const QString &why = QString());

Q_SIGNALS:
    void localBrokerRequested();
    void connectionsRequested();
    void quickSessionRequested();

private:
    QPushButton *m_localBroker;
    QLabel *m_localBrokerCaption;
    QLabel *m_connectionsCaption;
    QLabel *m_quickCaption;
};

} // namespace PingScope
