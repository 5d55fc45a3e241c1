// File > Export: the selected session's timeline as PNG, its events as CSV, its traffic as
// pcap. Each asks for a file in the folder of the previous export and says how it went.

#include "mainwindow.h"

#include "common/savefiledialog.h"
#include "inspector/packetinspector.h"
#include "mainwindow/settingskeys.h"
#include "monitor/clockorigin.h"
#include "monitor/eventcsv.h"
#include "monitor/pcapexport.h"
#include "session/sessionview.h"
#include "timeline/timelinechart.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>

namespace PingScope {

QString MainWindow::askExportPath(int id, const QString &what, const QString &suffix,
                                  const QString &filter)
{
    QSettings settings;
    const QString folder =
        settings.value(SettingsKeys::exportFolder(), QDir::homePath()).toString();
    // "sensor-17-timeline-20261122-142501.png": the session and the moment, no odd characters.
    QString name = m_profiles.value(id).name;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QString suggested =
        QStringLiteral("%1-%2-%3.%4")
            .arg(name.isEmpty() ? QStringLiteral("session") : name, what,
                 QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")), suffix);
    const QString path =
        askSaveFileName(this, tr("Export"), QDir(folder).filePath(suggested), filter, suffix);
    if (!path.isEmpty())
        settings.setValue(SettingsKeys::exportFolder(), QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::reportExport(const QString &path, bool ok, const QString &error,
                              const QString &detail)
{
    if (!ok) {
        QMessageBox::warning(this, tr("Export failed"),
                             tr("“%1” was not written: %2").arg(path, error));
        return;
    }
    statusBar()->showMessage(detail.isEmpty() ? tr("Saved %1").arg(path)
                                              : tr("Saved %1 (%2)").arg(path, detail),
                             10'000);
}

bool MainWindow::exportTimelineTo(int id, const QString &path, QString *error)
{
    SessionView *view = m_views.value(id);
    if (!view) {
        *error = tr("no such session");
        return false;
    }
    return view->timeline()->exportPng(path, error);
}

// CSV and pcap go through QSaveFile, so a failed export never leaves half a file where an
// earlier good one was.
template<typename Write>
static bool saveThrough(const QString &path, QString *error, Write &&write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    if (!write(&file))
        return false;
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

bool MainWindow::exportEventsTo(int id, const QString &path, QString *error)
{
    SessionView *view = m_views.value(id);
    if (!view) {
        *error = tr("no such session");
        return false;
    }
    return saveThrough(path, error, [&](QIODevice *file) {
        return writeEventsCsv(file, view->inspector()->history(), view->inspector()->clockOrigin(),
                              error);
    });
}

bool MainWindow::exportPcapTo(int id, const QString &path, QString *error, qint64 *skipped)
{
    SessionView *view = m_views.value(id);
    if (!view) {
        *error = tr("no such session");
        return false;
    }
    return saveThrough(path, error, [&](QIODevice *file) {
        return writeEventsPcap(file, view->inspector()->history(), view->inspector()->clockOrigin(),
                               error, skipped);
    });
}

void MainWindow::exportSelected(ExportKind kind)
{
    const int id = selectedSession();
    if (!m_views.contains(id))
        return;
    QString error;
    QString detail;
    QString path;
    bool ok = false;
    switch (kind) {
    case ExportKind::TimelinePng:
        path = askExportPath(id, QStringLiteral("timeline"), QStringLiteral("png"),
                             tr("PNG pictures (*.png)"));
        ok = !path.isEmpty() && exportTimelineTo(id, path, &error);
        break;
    case ExportKind::EventsCsv:
        path = askExportPath(id, QStringLiteral("events"), QStringLiteral("csv"),
                             tr("CSV files (*.csv)"));
        ok = !path.isEmpty() && exportEventsTo(id, path, &error);
        detail = tr("%n events", nullptr, int(m_views.value(id)->inspector()->history().size()));
        break;
    case ExportKind::TrafficPcap: {
        path = askExportPath(id, QStringLiteral("traffic"), QStringLiteral("pcap"),
                             tr("pcap captures (*.pcap)"));
        qint64 skipped = 0;
        ok = !path.isEmpty() && exportPcapTo(id, path, &error, &skipped);
        // Packets whose connection began before the oldest event kept cannot be put into a
        // TCP stream; say so rather than let the capture pass as complete.
        if (skipped > 0)
            detail = tr("%n packets left out: their connection began before the oldest event "
                        "kept",
                        nullptr, int(skipped));
        break;
    }
    }
    if (path.isEmpty())
        return; // cancelled
    reportExport(path, ok, error, detail);
}

} // namespace PingScope
