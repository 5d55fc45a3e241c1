#include "lessonclirun.h"

#include "broker/localbroker.h"
#include "cli/clirun.h"
#include "lessons/lessoncatalog.h"
#include "lessons/lessonrunner.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace PingScope::Cli {

void printLessonList(bool json)
{
    const QList<Lesson> lessons = builtInLessons();
    if (json) {
        QJsonArray array;
        for (const Lesson &lesson : lessons)
            array.append(QJsonObject{{QStringLiteral("id"), lesson.id},
                                     {QStringLiteral("title"), lesson.title},
                                     {QStringLiteral("explanation"), lesson.explanation}});
        std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
        return;
    }
    for (const Lesson &lesson : lessons)
        std::printf("%-24s %s\n", qPrintable(lesson.id), qPrintable(lesson.title));
}

LessonCliRun::LessonCliRun(const CliOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{}

LessonCliRun::~LessonCliRun() = default;

bool LessonCliRun::start(QString *error)
{
    // The parser accepted the name, so the lesson exists.
    const Lesson lesson = findLesson(m_options.lesson).value_or(Lesson{});
    QString host = m_options.settings.host;
    quint16 port = quint16(m_options.settings.port);
    QString description;
    if (!m_options.brokerGiven) {
        m_broker = std::make_unique<LocalBroker>();
        m_broker->setExtraConfig(lesson.brokerConfig);
        if (!m_broker->start()) {
            *error =
                QStringLiteral("could not start the local broker: %1").arg(m_broker->errorString());
            return false;
        }
        host = m_broker->host();
        port = m_broker->port();
        description = QStringLiteral("local mosquitto %1").arg(m_broker->version());
    }
    m_runner = std::make_unique<LessonRunner>(lesson, host, port);
    m_runner->setBrokerDescription(description);
    // Only the text report has the steps before it: the other formats are documents.
    if (m_options.lessonReport == CliOptions::ReportFormat::Text && !m_options.quiet) {
        std::printf("%s: %s\n", qPrintable(lesson.id), qPrintable(lesson.title));
        connect(m_runner.get(), &LessonRunner::stepStarted, this,
                [](int index, const QString &text) {
                    std::printf("  step %d: %s\n", index + 1, qPrintable(text));
                    std::fflush(stdout);
                });
    }
    connect(m_runner.get(), &LessonRunner::finished, this, &LessonCliRun::onFinished);
    m_runner->start();
    return true;
}

void LessonCliRun::interrupt()
{
    if (m_runner)
        m_runner->stop();
}

void LessonCliRun::onFinished(const LessonReport &report)
{
    switch (m_options.lessonReport) {
    case CliOptions::ReportFormat::Json:
        std::fputs(
            QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact).append('\n').constData(),
            stdout);
        break;
    case CliOptions::ReportFormat::Markdown:
        std::fputs(report.toMarkdown().toUtf8().constData(), stdout);
        break;
    case CliOptions::ReportFormat::Html:
        std::fputs(report.toHtml().toUtf8().constData(), stdout);
        break;
    case CliOptions::ReportFormat::Text:
        std::fputs(qPrintable(QStringLiteral("\n") + report.toText()), stdout);
        break;
    }
    std::fflush(stdout);
    if (!report.error.isEmpty())
        Q_EMIT finished(ExitCouldNotConnect);
    else
        Q_EMIT finished(report.passed() ? ExitAsAsked : ExitLessonNotObserved);
}

} // namespace PingScope::Cli
