#pragma once

#include "cli/clioptions.h"
#include "cli/eventprinter.h"
#include "monitor/linkstatistics.h"
#include "monitor/sessionhub.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace PingScope {
class Session;
class SessionCapture;
} // namespace PingScope

namespace PingScope::Cli {

// Exit statuses, as --help documents them.
enum ExitStatus {
    ExitAsAsked = 0,
    ExitCouldNotConnect = 1,
    ExitUsage = 2,
    ExitConnectionLost = 3,
    ExitOutputFailed = 4,      // the events or the capture could not be written (full disk, ...)
    ExitLessonNotObserved = 5, // --lesson: an observation was not observed
};

// One run of pingscope-cli: opens the sessions, subscribes, publishes, injects the faults and
// the take-over on schedule, prints every event, and ends when the duration or count is
// reached, when interrupted, or when no session is connected or coming back.
class CliRun : public QObject
{
    Q_OBJECT

public:
    explicit CliRun(const CliOptions &options, QObject *parent = nullptr);
    ~CliRun() override;

    // Returns false (with the reason in `error`) if the run cannot start (--pcap file).
    bool start(QString *error);
    // Ctrl-C: end the run as if its duration were over.
    void interrupt();

Q_SIGNALS:
    void finished(int exitStatus);

private:
    struct RunSession
    {
        Session *session = nullptr;
        bool isTakeover = false; // the second session of the take-over experiment
        bool everConnected = false;
        bool endedAsAsked = false; // dropped or taken over on purpose: not a failure
        bool blackHoled = false;   // this connection was black-holed on purpose
        bool opening = false;      // counted against the ramp's connecting limit
        QString lastProblem;
        QTimer *publishTimer = nullptr;
    };

    int addSession(const SessionSettings &settings, bool isTakeover);
    void openMoreSessions();
    void onEvent(int index, const Event &event);
    void onStateChanged(int index);
    void onFirstConnected(int index);
    void subscribeAndPublish(int index, bool firstTime);
    void publishAll(int index);
    void openTakeoverSession();
    void armDurationTimer();
    void onOutputFailed(const QString &error, bool readerGone);
    void scheduleSettledCheck();
    void checkSettled();
    int exitStatus(QString *problem) const;
    void finish(const QString &ending);
    void reportWhenAllClosed();
    void report();

    CliOptions m_options;
    SessionHub m_hub;
    std::vector<RunSession> m_sessions;
    int m_nextToOpen = 0;
    int m_connecting = 0;
    qint64 m_originNs;
    std::unique_ptr<EventPrinter> m_printer;
    std::unique_ptr<SessionCapture> m_capture;
    LinkStatistics m_statistics;
    qint64 m_messages = 0; // delivered (QoS 2 duplicates once), for --count
    qint64 m_firstMessageNs = -1;
    qint64 m_lastMessageNs = -1;
    QTimer m_durationTimer; // re-armed in steps: a QTimer holds at most 24.8 days
    qint64 m_durationEndNs = -1;
    QTimer m_closeDeadline;
    bool m_settledCheckPending = false;
    bool m_finishing = false;
    bool m_reported = false;
    QString m_ending;
    int m_connectedAtEnd = 0;
    int m_exitStatus = ExitAsAsked;
    QString m_exitProblem;
    QString m_outputProblem;     // why the output or the capture failed
    bool m_outputClosed = false; // its reader went away: the run ends as asked
};

} // namespace PingScope::Cli
