#pragma once

#include "lessons/observation.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace PingScope {

// The outcome of one lesson run: every observation with its verdict and figure. Written as
// JSON (scripts, tests), Markdown (class handouts) or plain text (the CLI's default).
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
    qint64 durationNs = 0; // how long the run took
    QString error;         // why the run could not go as planned (no connection, ...); or empty
    QList<Result> results;

    // True when the run went as planned, at least one observation was observed and none was
    // not observed (not-applicable ones do not count against it).
    bool passed() const;
    int count(ObservationVerdict verdict) const;

    QJsonObject toJson() const;
    QString toMarkdown() const;
    QString toText() const;
};

} // namespace PingScope
