#pragma once

#include "monitor/event.h"
#include "monitor/linkstatistics.h"

#include <QByteArray>
#include <QTimer>

#include <cstdio>

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
};

} // namespace PingScope::Cli
