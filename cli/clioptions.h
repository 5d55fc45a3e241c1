#pragma once

#include "monitor/event.h"
#include "session/sessionsettings.h"

#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

namespace PingScope::Cli {

struct PublishSpec
{
    QString topic;
    QByteArray payload;
};

struct FaultSpec
{
    FaultKind fault = FaultKind::None;
    qint64 afterMs = 0; // after the session first connected
};

// What one run of pingscope-cli was asked to do.
struct CliOptions
{
    SessionSettings settings; // the first session's; session n gets "<client-id>-n" when N > 1
    QList<Protocol::Subscription> subscriptions;
    QList<PublishSpec> publishes;
    quint8 publishQos = 0;
    bool publishRetain = false;
    qint64 publishEveryMs = 0; // 0: once, after the first connection

    qint64 durationMs = -1; // -1: until interrupted
    qint64 count = -1;      // messages received, all sessions together; -1: no limit
    int sessions = 1;
    qint64 takeoverAfterMs = -1; // -1: no take-over experiment
    QList<FaultSpec> faults;

    // --lesson NAME: run a built-in lesson instead (core/lessons); --lessons: list them.
    QString lesson;
    bool listLessons = false;
    bool brokerGiven = false; // --host, --port or --url: else a lesson starts its own broker
    // --markdown / --html: the lesson's report as a class handout instead of text or JSON.
    enum class ReportFormat : quint8 { Text, Json, Markdown, Html };
    ReportFormat lessonReport = ReportFormat::Text;

    bool json = false;
    bool quiet = false;
    bool allPackets = false; // also print packets other than pings, messages, DISCONNECT
    QString pcapPath;
};

// The outcome of reading the command line.
struct CliParseResult
{
    enum class Action { Run, ShowHelp, ShowVersion, UsageError };
    Action action = Action::Run;
    CliOptions options;
    QString error; // UsageError: names the option and the value, e.g. "--keep-alive 70000: ..."
    QString helpText;
};

// Reads `arguments` (argv, program name first). The password comes from --password-file or,
// failing that, PINGSCOPE_PASSWORD in `environment`: never from the command line, where
// every user of the machine can read it.
CliParseResult parseCliOptions(const QStringList &arguments,
                               const QProcessEnvironment &environment);

} // namespace PingScope::Cli
