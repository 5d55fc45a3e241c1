#pragma once

#include <QMainWindow>

class QLabel;

namespace PingScope {

class LocalBroker;

// The main window. For now it shows the local broker PingScope started, if any; sessions,
// the connection editor, the timeline and the packet inspector come in later issues.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Shows the state of the local broker (which the window does not own).
    void setLocalBroker(LocalBroker *broker);
    void showLocalBrokerFailure(const QString &reason);

private:
    QLabel *m_brokerStatus = nullptr;
};

} // namespace PingScope
