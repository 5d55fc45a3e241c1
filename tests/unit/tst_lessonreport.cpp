// Lesson reports (verdict, JSON, Markdown, HTML, text), the built-in catalog's consistency, and
// pingscope-cli's --lesson / --lessons options. No broker.

#include "cli/clioptions.h"
#include "lessons/lessoncatalog.h"
#include "lessons/lessonreport.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

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
        // A broker's text with a "|" or a line break stays inside its cell.
        failed.results[0].outcome.text = QStringLiteral("reason: a|b\nsecond line");
        QVERIFY2(failed.toMarkdown().contains(
                     QStringLiteral("| OBSERVED: reason: a\\|b<br>second line | 4.02 s |")),
                 qPrintable(failed.toMarkdown()));
        const QString text = failed.toText();
        QVERIFY(text.contains(QStringLiteral("[NOT OBSERVED] description of b\n    text of b")));
        QVERIFY(text.contains(QStringLiteral("FAILED: 1 of 2 observed, 1 not observed")));
    }

    // The handout is read back with an XML parser: every observation a row, its verdict in
    // words and as the class that colours it, and not one character of text taken as markup.
    void htmlIsASelfContainedEscapedHandout()
    {
        LessonReport failed =
            report({result(QStringLiteral("a"), ObservationVerdict::Observed),
                    result(QStringLiteral("b"), ObservationVerdict::NotObserved),
                    result(QStringLiteral("c"), ObservationVerdict::NotApplicable)});
        failed.title = QStringLiteral("Wills <script>alert(1)</script> & goodbyes");
        failed.results[1].outcome.text =
            QStringLiteral("the will came \"late\" (> 4 s) & more\x01"); // a C0 control too
        failed.error = QStringLiteral("session 2 could not connect: <refused>");
        failed.startedAt = QDateTime(QDate(2026, 11, 22), QTime(9, 30, 5), Qt::UTC);
        const QString html = failed.toHtml();
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(!html.contains(QStringLiteral("http")));

        QXmlStreamReader xml(html);
        QStringList rowClasses;
        QStringList verdictWords;
        QString title;
        QString errorText;
        QString summaryClass;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            const QString cls = xml.attributes().value(QLatin1String("class")).toString();
            if (xml.name() == QLatin1String("title"))
                title = xml.readElementText();
            else if (xml.name() == QLatin1String("tr") && !cls.isEmpty())
                rowClasses.append(cls);
            else if (xml.name() == QLatin1String("span") &&
                     cls.startsWith(QLatin1String("verdict")))
                verdictWords.append(xml.readElementText());
            else if (xml.name() == QLatin1String("p") && cls == QLatin1String("error"))
                errorText = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            else if (xml.name() == QLatin1String("p") && cls.startsWith(QLatin1String("summary")))
                summaryClass = cls;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(title, QStringLiteral("Wills <script>alert(1)</script> & goodbyes - PingScope "
                                       "lesson"));
        QCOMPARE(rowClasses,
                 (QStringList{QStringLiteral("observed"), QStringLiteral("not-observed"),
                              QStringLiteral("not-applicable")}));
        QCOMPARE(verdictWords,
                 (QStringList{QStringLiteral("OBSERVED"), QStringLiteral("NOT OBSERVED"),
                              QStringLiteral("NOT APPLICABLE")}));
        QVERIFY2(errorText.endsWith(QStringLiteral("session 2 could not connect: <refused>")),
                 qPrintable(errorText));
        QCOMPARE(summaryClass, QStringLiteral("summary not-observed"));
        QVERIFY(
            html.contains(QStringLiteral("the will came &quot;late&quot; (&gt; 4 s) &amp; more")));
        QVERIFY(html.contains(QStringLiteral("<td>4.02 s</td><td>expected &gt;= 3.00 s</td>")));
        QVERIFY(html.contains(QStringLiteral("run on 2026-11-22 09:30:05 UTC")));
        QVERIFY(html.contains(QStringLiteral("took 5.50 s")));
        QVERIFY(html.contains(QStringLiteral("broker 127.0.0.1:1883")));
        QVERIFY(html.contains(QStringLiteral("Why [MQTT-3.1.2-24].")));
        QVERIFY(html.contains(QStringLiteral("FAILED: 1 of 3 observed, 1 not observed, 1 not "
                                             "applicable (5.50 s)")));
        // Each verdict has its own colour.
        QVERIFY(html.contains(QStringLiteral(".observed { color: #1a7f37; }")));
        QVERIFY(html.contains(QStringLiteral(".not-observed { color: #cf222e; }")));
    }

    void cliReportFormats()
    {
        const QStringList lesson{QStringLiteral("--lesson"), QStringLiteral("heartbeat")};
        QCOMPARE(parse(lesson).options.lessonReport, Cli::CliOptions::ReportFormat::Text);
        QCOMPARE(parse(lesson + QStringList{QStringLiteral("--json")}).options.lessonReport,
                 Cli::CliOptions::ReportFormat::Json);
        QCOMPARE(parse(lesson + QStringList{QStringLiteral("--markdown")}).options.lessonReport,
                 Cli::CliOptions::ReportFormat::Markdown);
        QCOMPARE(parse(lesson + QStringList{QStringLiteral("--html")}).options.lessonReport,
                 Cli::CliOptions::ReportFormat::Html);

        const Cli::CliParseResult both =
            parse(lesson + QStringList{QStringLiteral("--json"), QStringLiteral("--html")});
        QCOMPARE(both.action, Cli::CliParseResult::Action::UsageError);
        QCOMPARE(both.error,
                 QStringLiteral("--json and --html: the report has one format; use one of them"));
        QCOMPARE(parse(lesson + QStringList{QStringLiteral("--markdown"), QStringLiteral("--html")})
                     .action,
                 Cli::CliParseResult::Action::UsageError);
        const Cli::CliParseResult noLesson = parse({QStringLiteral("--markdown")});
        QCOMPARE(noLesson.action, Cli::CliParseResult::Action::UsageError);
        QCOMPARE(noLesson.error, QStringLiteral("--markdown is the format of a lesson's report: "
                                                "it needs --lesson NAME"));
        // --json alone keeps its meaning for a normal run.
        QCOMPARE(parse({QStringLiteral("--json")}).action, Cli::CliParseResult::Action::Run);
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
