#include "lessonexport.h"

#include "common/savefiledialog.h"
#include "lessons/lessonreport.h"
#include "mainwindow/settingskeys.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>

namespace PingScope {

namespace {

bool isHtml(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("html") || suffix == QLatin1String("htm");
}

} // namespace

bool writeLessonReport(const LessonReport &report, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    const QString text = isHtml(path) ? report.toHtml() : report.toMarkdown();
    file.write(text.toUtf8());
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

QString askLessonReportPath(QWidget *parent, const LessonReport &report)
{
    QSettings settings;
    const QString folder =
        settings.value(SettingsKeys::exportFolder(), QDir::homePath()).toString();
    const QString suggested = QDir(folder).filePath(
        QStringLiteral("lesson-%1-%2.md")
            .arg(report.lessonId,
                 QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path =
        askSaveFileName(parent, QFileDialog::tr("Export the lesson's result"), suggested,
                        {{QFileDialog::tr("Markdown (*.md)"), QStringLiteral("md")},
                         {QFileDialog::tr("HTML (*.html)"), QStringLiteral("html")}});
    if (path.isEmpty())
        return {};
    settings.setValue(SettingsKeys::exportFolder(), QFileInfo(path).absolutePath());
    return path;
}

} // namespace PingScope
