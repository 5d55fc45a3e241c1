#pragma once

#include <QObject>

class QSocketNotifier;

namespace PingScope::Cli {

// Turns SIGINT and SIGTERM into a Qt signal, delivered by the event loop (a signal handler
// may do almost nothing itself: it writes one byte to a pipe the event loop watches).
class InterruptWatcher : public QObject
{
    Q_OBJECT

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    // `count`: how many interrupts so far (a second Ctrl-C means "stop now").
    void interrupted(int count);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    int m_count = 0;
};

} // namespace PingScope::Cli
