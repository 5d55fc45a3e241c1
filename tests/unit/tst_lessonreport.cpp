// Lesson reports (verdict, JSON, Markdown, text), the built-in catalog's consistency, and
// pingscope-cli's --lesson / --lessons options. No broker.

#include "cli/clioptions.h"
#include "lessons/lessoncatalog.h"
#include "lessons/lessonreport.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace PingScope;

namespace {

LessonReport::Result result(const QString &id, ObservationVerdict verdict)
{
    ObservationOutcome outcome;
    outcome.verdict = verdict;
    outcome.text = QStringLiteral("text of %1").arg(id);
    outcome.figure = QStringLiteral("4.02 s");
    outcome.tolerance = QStringLiteral("expected >= 3.00 s");
    outcome.measured = 4.02;
    return {id, QStringLiteral("description of %1").arg(id), outcome};
}

LessonReport report(const QList<LessonReport::Result> &results)
{
    LessonReport report;
    report.lessonId = QStringLiteral("silent-client");
    report.title = QStringLiteral("A silent client");
    report.explanation = QStringLiteral("Why [MQTT-3.1.2-24].");
    report.broker = QStringLiteral("127.0.0.1:1883");
    report.durationNs = 5'500'000'000;
    report.results = results;
    return report;
}

Cli::CliParseResult parse(const QStringList &arguments)
{
    return Cli::parseCliOptions(QStringList{QStringLiteral("pingscope-cli")} + arguments,
                                QProcessEnvironment());
}

} // namespace

class TestLessonReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesOnlyWhenNothingFailed()
    {
        using V = ObservationVerdict;
        QVERIFY(report({result(QStringLiteral("a"), V::Observed),
                        result(QStringLiteral("b"), V::NotApplicable)})
                    .passed());
        QVERIFY(!report({result(QStringLiteral("a"), V::Observed),
                         result(QStringLiteral("b"), V::NotObserved)})
                     .passed());
        QVERIFY(!report({result(QStringLiteral("a"), V::NotApplicable)}).passed());
        LessonReport failedRun = report({result(QStringLiteral("a"), V::Observed)});
        failedRun.error = QStringLiteral("session 1 could not connect");
        QVERIFY(!failedRun.passed());
    }

    void json()
    {
        const QJsonObject object =
            report({result(QStringLiteral("a"), ObservationVerdict::Observed),
                    result(QStringLiteral("b"), ObservationVerdict::NotObserved)})
                .toJson();
        QCOMPARE(object.value(QLatin1String("lesson")).toString(), QStringLiteral("silent-client"));
        QCOMPARE(object.value(QLatin1String("passed")).toBool(true), false);
        QCOMPARE(object.value(QLatin1String("duration")).toDouble(), 5.5);
        QVERIFY(!object.contains(QLatin1String("error")));
        const QJsonArray observations = object.value(QLatin1String("observations")).toArray();
        QCOMPARE(observations.size(), 2);
        const QJsonObject second = observations.at(1).toObject();
        QCOMPARE(second.value(QLatin1String("result")).toString(), QStringLiteral("not-observed"));
        QCOMPARE(second.value(QLatin1String("measured")).toDouble(), 4.02);
        QCOMPARE(second.value(QLatin1String("figure")).toString(), QStringLiteral("4.02 s"));
        QCOMPARE(second.value(QLatin1String("text")).toString(), QStringLiteral("text of b"));
    }

    void markdownAndTextSayWhatHappened()
    {
        LessonReport failed =
            report({result(QStringLiteral("a"), ObservationVerdict::Observed),
                    result(QStringLiteral("b"), ObservationVerdict::NotObserved)});
        const QString markdown = failed.toMarkdown();
        QVERIFY(markdown.startsWith(QStringLiteral("# A silent client\n")));
        QVERIFY(
            markdown.contains(QStringLiteral("| Observation | Result | Measured | Tolerance |")));
        QVERIFY(markdown.contains(
            QStringLiteral("| description of b | NOT OBSERVED: text of b | 4.02 s | expected >= "
                           "3.00 s |")));
        const QString text = failed.toText();
        QVERIFY(text.contains(QStringLiteral("[NOT OBSERVED] description of b\n    text of b")));
        QVERIFY(text.contains(QStringLiteral("FAILED: 1 of 2 observed, 1 not observed")));
    }

    void catalogIsConsistent()
    {
        const QList<Lesson> lessons = builtInLessons();
        QVERIFY(lessons.size() >= 4);
        QSet<QString> ids;
        for (const Lesson &lesson : lessons) {
            QVERIFY2(!ids.contains(lesson.id), qPrintable(lesson.id));
            ids.insert(lesson.id);
            QVERIFY2(lesson.explanation.contains(QStringLiteral("[MQTT-")), qPrintable(lesson.id));
            QVERIFY(!lesson.observations.isEmpty());
            for (const LessonStep &step : lesson.steps) {
                QVERIFY2(step.session >= 1 && step.session <= lesson.sessions.size(),
                         qPrintable(lesson.id));
                QVERIFY(!step.description.isEmpty());
            }
            for (const SessionSettings &settings : lesson.sessions)
                QVERIFY2(validateSettings(settings).isEmpty(), qPrintable(lesson.id));
            for (const Observation &observation : lesson.observations)
                QVERIFY(!observation.id.isEmpty() && observation.check);
            QVERIFY(findLesson(lesson.id).has_value());
        }
        QVERIFY(!findLesson(QStringLiteral("no-such-lesson")));
    }

    void cliLessonOptions()
    {
        const Cli::CliParseResult run = parse(
            {QStringLiteral("--lesson"), QStringLiteral("heartbeat"), QStringLiteral("--json")});
        QCOMPARE(run.action, Cli::CliParseResult::Action::Run);
        QCOMPARE(run.options.lesson, QStringLiteral("heartbeat"));
        QVERIFY(run.options.json);
        QVERIFY(!run.options.brokerGiven);
        QVERIFY(parse({QStringLiteral("--lesson"), QStringLiteral("heartbeat"),
                       QStringLiteral("--port"), QStringLiteral("1884")})
                    .options.brokerGiven);
        QVERIFY(parse({QStringLiteral("--lessons")}).options.listLessons);
    }

    void cliLessonMistakes()
    {
        const Cli::CliParseResult unknown =
            parse({QStringLiteral("--lesson"), QStringLiteral("heartbeats")});
        QCOMPARE(unknown.action, Cli::CliParseResult::Action::UsageError);
        QVERIFY2(unknown.error.contains(QStringLiteral("no such lesson; one of heartbeat,")),
                 qPrintable(unknown.error));
        const Cli::CliParseResult extra =
            parse({QStringLiteral("--lesson"), QStringLiteral("heartbeat"),
                   QStringLiteral("--keep-alive"), QStringLiteral("5")});
        QCOMPARE(extra.action, Cli::CliParseResult::Action::UsageError);
        QCOMPARE(extra.error, QStringLiteral("--keep-alive does not apply to --lesson: a lesson "
                                             "sets its own sessions"));
        QCOMPARE(parse({QStringLiteral("--lesson"), QStringLiteral("heartbeat"),
                        QStringLiteral("--lessons")})
                     .action,
                 Cli::CliParseResult::Action::UsageError);
    }
};

QTEST_APPLESS_MAIN(TestLessonReport)
#include "tst_lessonreport.moc"
