// pingscope-cli: PingScope without a window. The work is in cli/; this reads the command
// line, runs, and turns the outcome into the exit status --help documents.

#include "cli/clioptions.h"
#include "cli/clirun.h"
#include "cli/interruptwatcher.h"
#include "cli/lessonclirun.h"
#include "cli/processlimits.h"
#include "pingscope_version.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace PingScope::Cli;

namespace {

int runLesson(QCoreApplication &app, const CliOptions &options)
{
    LessonCliRun run(options);
    QObject::connect(&run, &LessonCliRun::finished, &app, &QCoreApplication::exit);
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &run, [&run](int count) {
        if (count == 1) {
            run.interrupt(); // the report says what was seen up to now
            return;
        }
        QCoreApplication::exit(130);
    });
    QString error;
    if (!run.start(&error)) {
        std::fprintf(stderr, "pingscope-cli: --lesson: %s\n", qPrintable(error));
        return ExitCouldNotConnect;
    }
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pingscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PINGSCOPE_VERSION));

    // The events are the output; the core's diagnostic log would only interleave with them
    // on the terminal. QT_LOGGING_RULES still turns it back on.
    QLoggingCategory::setFilterRules(
        QStringLiteral("pingscope.*.debug=false\npingscope.*.info=false"));

    const CliParseResult parsed =
        parseCliOptions(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    switch (parsed.action) {
    case CliParseResult::Action::ShowHelp:
        std::fputs(qPrintable(parsed.helpText), stdout);
        return ExitAsAsked;
    case CliParseResult::Action::ShowVersion:
        std::printf("pingscope-cli %s\n", PINGSCOPE_VERSION);
        return ExitAsAsked;
    case CliParseResult::Action::UsageError:
        std::fprintf(stderr, "pingscope-cli: %s\nTry 'pingscope-cli --help'.\n",
                     qPrintable(parsed.error));
        return ExitUsage;
    case CliParseResult::Action::Run:
        break;
    }

    if (parsed.options.listLessons) {
        printLessonList(parsed.options.json);
        return ExitAsAsked;
    }
    if (!parsed.options.lesson.isEmpty())
        return runLesson(app, parsed.options);

    // Every session is a socket; a file descriptor short is a session that cannot connect.
    const long openFileLimit = raiseOpenFileLimit();
    if (openFileLimit >= 0 && parsed.options.sessions + 16 > openFileLimit)
        std::fprintf(stderr,
                     "pingscope-cli: warning: %d sessions need more open files than this "
                     "process may have (%ld); raise the hard limit (ulimit -Hn)\n",
                     parsed.options.sessions, openFileLimit);

    CliRun run(parsed.options);
    QObject::connect(&run, &CliRun::finished, &app, &QCoreApplication::exit);
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &run, [&run](int count) {
        if (count == 1) {
            run.interrupt();
            return;
        }
        std::fputs("pingscope-cli: interrupted twice, stopping without goodbyes\n", stderr);
        QCoreApplication::exit(130);
    });
    QString error;
    if (!run.start(&error)) {
        std::fprintf(stderr, "pingscope-cli: --pcap: %s\n", qPrintable(error));
        return ExitOutputFailed;
    }
    return app.exec();
}
