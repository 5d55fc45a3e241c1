#pragma once

#include <QList>
#include <QString>

class QWidget;

namespace PingScope {

// One format a file can be saved in: its name filter ("Markdown (*.md)") and the suffix a
// name typed without one gets ("md", no dot).
struct SaveFormat
{
    QString filter;
    QString suffix;
};

// Asks where to save a file, starting at `suggestedPath` (a folder and a file name). A name
// typed without a suffix gets the chosen format's, so "lesson" is saved as "lesson.md" (or
// "lesson.html" with that filter chosen) rather than as a file nothing opens; the dialog
// asks before overwriting that final name. The first format is preselected. Empty when the
// user cancels.
QString askSaveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                        const QList<SaveFormat> &formats);

// The same with one format.
QString askSaveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                        const QString &filter, const QString &defaultSuffix);

} // namespace PingScope
