#pragma once

#include "cli/clioptions.h"

#include <QObject>

#include <memory>

namespace PingScope {
class LocalBroker;
class LessonRunner;
struct LessonReport;
} // namespace PingScope

namespace PingScope::Cli {

// Prints the built-in lessons (--lessons): "id  title" lines, or a JSON array with --json.
void printLessonList(bool json);

// pingscope-cli --lesson NAME: runs one lesson against --host/--port, or against a mosquitto
// of its own started with the lesson's configuration, prints each step as it starts (not
// with --json, --markdown or --html) and then the report (text, one JSON object with --json,
// a Markdown or HTML handout with --markdown or --html).
// finished(): 0 all observed; 1 no broker or no connection; 5 an observation not observed.
class LessonCliRun : public QObject
{
    Q_OBJECT

public:
    explicit LessonCliRun(const CliOptions &options, QObject *parent = nullptr);
    ~LessonCliRun() override;

    // Starts the broker if needed, then the lesson. Returns false with `error` set when it
    // cannot start (no mosquitto); finished() is then never emitted.
    bool start(QString *error);
    void interrupt();

Q_SIGNALS:
    void finished(int exitStatus);

private:
    void onFinished(const LessonReport &report);

    CliOptions m_options;
    std::unique_ptr<LocalBroker> m_broker;
    std::unique_ptr<LessonRunner> m_runner;
};

} // namespace PingScope::Cli
