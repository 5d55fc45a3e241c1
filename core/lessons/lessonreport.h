#pragma once

#include "lessons/observation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace PingScope {

// The outcome of one lesson run: every observation with its verdict and figure. Written as
// JSON (scripts, tests), Markdown or HTML (class handouts) or plain text (the CLI's default).
struct LessonReport
{
    struct Result
    {
        QString id;
        QString description;
        ObservationOutcome outcome;
    };

    QString lessonId;
    QString title;
    QString explanation;
    QString broker;        // "127.0.0.1:40123", plus the local broker's version if known
    QDateTime startedAt;   // when the run started (wall clock); invalid if unknown
    qint64 durationNs = 0; // how long the run took
    QString error;         // why the run could not go as planned (no connection, ...); or empty
    QList<Result> results;

    // True when the run went as planned, at least one observation was observed and none was
    // not observed (not-applicable ones do not count against it).
    bool passed() const;
    int count(ObservationVerdict verdict) const;
    // "3 of 3 observed, 0 not observed, 0 not applicable (6.21 s)"
    QString summary() const;
    // "OBSERVED", "NOT OBSERVED", "NOT APPLICABLE": the words every format shows.
    static QString verdictWords(ObservationVerdict verdict);

    QJsonObject toJson() const;
    QString toMarkdown() const;
    // A self-contained page (inline style, no scripts, every text escaped) to print or hand
    // out: the explanation, each verdict in words and colour with its figure and tolerance,
    // the broker, the date and the duration (lessonreporthtml.cpp).
    QString toHtml() const;
    QString toText() const;
};

} // namespace PingScope
