#pragma once

#include <QEventLoop>
#include <QTimer>

#include <functional>

// Runs a real event loop until `done()` holds or `timeoutMs` pass, checking `done()` each
// time the caller invokes `wakeUp` (a recorder calls it after every delivery it records).
// Not QTest::qWaitFor: that one sleeps 10 ms between rounds, which would show up as ping
// lateness and RTT in the measurements.
inline bool waitInEventLoop(const std::function<bool()> &done, int timeoutMs,
                            std::function<void()> &wakeUp)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    wakeUp = [&] {
        if (done())
            loop.quit();
    };
    timeout.start(timeoutMs);
    loop.exec();
    wakeUp = nullptr;
    return done();
}
