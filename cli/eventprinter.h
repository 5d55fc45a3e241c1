#pragma once

#include "monitor/event.h"
#include "monitor/linkstatistics.h"

#include <QByteArray>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace PingScope::Cli {

// How a run ended, for the final summary.
struct RunSummary
{
    QString ending; // "duration reached", "interrupted", ...
    int exitCode = 0;
    double seconds = 0;
    int sessions = 0;
    int connectedAtEnd = 0;
    double messageRate = 0; // per second, first to last message
    const LinkStatistics *statistics = nullptr;
};

// Prints events as they come, as human-readable lines or JSON lines, and the summary at the
// end. Output is buffered and written once per turn of the event loop (or every 64 KiB): a
// burst of messages costs one write, and `| jq` still sees each line promptly.
class EventPrinter
{
public:
    enum class Format { Human, Json };
    EventPrinter(Format format, bool quiet, bool allPackets, qint64 originNs,
                 std::FILE *out = stdout);
    ~EventPrinter();

    void print(const Event &event);
    void printSummary(const RunSummary &summary);
    void flush();

    // Whether print() shows `event` at all: callers skip the work for events it would drop.
    bool wants(const Event &event) const;

    // Called once when the output cannot be written any more (`readerGone`: a closed pipe,
    // as with `| head`; otherwise a real error such as a full disk). Nothing is printed
    // after it: Qt ignores SIGPIPE, so without this a monitor would run on unseen.
    void setFailureHandler(std::function<void(const QString &error, bool readerGone)> handler)
    {
        m_onFailure = std::move(handler);
    }
    bool hasFailed() const { return m_failed; }

private:
    void append(const QByteArray &line);
    QByteArray humanLine(const Event &event) const;

    Format m_format;
    bool m_quiet;
    bool m_allPackets;
    qint64 m_originNs;
    std::FILE *m_out;
    QByteArray m_buffer;
    QTimer m_flushTimer;
    bool m_failed = false;
    std::function<void(const QString &, bool)> m_onFailure;
};

} // namespace PingScope::Cli
