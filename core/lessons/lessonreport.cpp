#include "lessonreport.h"

#include <QJsonArray>

#include <algorithm>

namespace PingScope {

QString verdictName(ObservationVerdict verdict)
{
    switch (verdict) {
    case ObservationVerdict::Observed:
        return QStringLiteral("observed");
    case ObservationVerdict::NotObserved:
        return QStringLiteral("not-observed");
    case ObservationVerdict::NotApplicable:
        return QStringLiteral("not-applicable");
    }
    return QStringLiteral("not-applicable");
}

QString LessonReport::verdictWords(ObservationVerdict verdict)
{
    switch (verdict) {
    case ObservationVerdict::Observed:
        return QStringLiteral("OBSERVED");
    case ObservationVerdict::NotObserved:
        return QStringLiteral("NOT OBSERVED");
    case ObservationVerdict::NotApplicable:
        return QStringLiteral("NOT APPLICABLE");
    }
    return {};
}

QString LessonReport::summary() const
{
    return QStringLiteral("%1 of %2 observed, %3 not observed, %4 not applicable (%5)")
        .arg(count(ObservationVerdict::Observed))
        .arg(results.size())
        .arg(count(ObservationVerdict::NotObserved))
        .arg(count(ObservationVerdict::NotApplicable))
        .arg(durationText(durationNs));
}

int LessonReport::count(ObservationVerdict verdict) const
{
    return int(std::count_if(results.cbegin(), results.cend(), [verdict](const Result &result) {
        return result.outcome.verdict == verdict;
    }));
}

bool LessonReport::passed() const
{
    return error.isEmpty() && count(ObservationVerdict::Observed) > 0 &&
           count(ObservationVerdict::NotObserved) == 0;
}

QJsonObject LessonReport::toJson() const
{
    QJsonArray observations;
    for (const Result &result : results) {
        QJsonObject object{{QStringLiteral("id"), result.id},
                           {QStringLiteral("description"), result.description},
                           {QStringLiteral("result"), verdictName(result.outcome.verdict)},
                           {QStringLiteral("text"), result.outcome.text},
                           {QStringLiteral("figure"), result.outcome.figure},
                           {QStringLiteral("tolerance"), result.outcome.tolerance}};
        if (result.outcome.measured >= 0)
            object.insert(QStringLiteral("measured"), result.outcome.measured);
        observations.append(object);
    }
    QJsonObject object{{QStringLiteral("lesson"), lessonId},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("broker"), broker},
                       {QStringLiteral("duration"), double(durationNs) / 1e9},
                       {QStringLiteral("passed"), passed()},
                       {QStringLiteral("observations"), observations}};
    if (startedAt.isValid())
        object.insert(QStringLiteral("started"), startedAt.toString(Qt::ISODateWithMs));
    if (!error.isEmpty())
        object.insert(QStringLiteral("error"), error);
    return object;
}

namespace {

// A table cell: a "|" would end it and a line break the row; texts from a broker (reason
// strings, socket errors, topics) may hold either.
QString markdownCell(QString text)
{
    text.replace(QLatin1Char('|'), QStringLiteral("\\|"));
    text.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    text.remove(QLatin1Char('\r'));
    return text;
}

} // namespace

QString LessonReport::toMarkdown() const
{
    QString text = QStringLiteral("# %1\n\n%2\n\n").arg(title, explanation);
    text += QStringLiteral("Broker: %1. Lesson `%2`.").arg(broker, lessonId);
    if (startedAt.isValid())
        text += QStringLiteral(" Run on %1.").arg(startedAt.toString(Qt::ISODate));
    text += QStringLiteral("\n\n");
    if (!error.isEmpty())
        text += QStringLiteral("**The run did not go as planned:** %1\n\n").arg(error);
    text += QStringLiteral("| Observation | Result | Measured | Tolerance |\n"
                           "| --- | --- | --- | --- |\n");
    for (const Result &result : results) {
        text += QStringLiteral("| %1 | %2: %3 | %4 | %5 |\n")
                    .arg(markdownCell(result.description), verdictWords(result.outcome.verdict),
                         markdownCell(result.outcome.text), markdownCell(result.outcome.figure),
                         markdownCell(result.outcome.tolerance));
    }
    text += QStringLiteral("\n%1\n").arg(summary());
    return text;
}

QString LessonReport::toText() const
{
    QString text =
        QStringLiteral("%1 (%2)\n\n%3\n\nBroker: %4\n").arg(title, lessonId, explanation, broker);
    if (!error.isEmpty())
        text += QStringLiteral("The run did not go as planned: %1\n").arg(error);
    for (const Result &result : results) {
        text +=
            QStringLiteral("\n[%1] %2\n    %3\n")
                .arg(verdictWords(result.outcome.verdict), result.description, result.outcome.text);
        if (!result.outcome.figure.isEmpty())
            text += QStringLiteral("    measured: %1\n").arg(result.outcome.figure);
        if (!result.outcome.tolerance.isEmpty())
            text += QStringLiteral("    %1\n").arg(result.outcome.tolerance);
    }
    text += QStringLiteral("\n%1: %2\n")
                .arg(passed() ? QStringLiteral("PASSED") : QStringLiteral("FAILED"), summary());
    return text;
}

} // namespace PingScope
