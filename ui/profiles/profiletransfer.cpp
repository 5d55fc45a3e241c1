#include "profiletransfer.h"

#include "common/savefiledialog.h"

#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

namespace PingScope::ProfileTransfer {

namespace {

const QString FolderKey = QStringLiteral("profiles/lastFolder");

QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileTransfer", text);
}

QString fileFilter()
{
    return tr("PingScope profiles (*.json);;All files (*)");
}

QString lastFolder()
{
    return QSettings().value(FolderKey).toString();
}

void rememberFolder(const QString &file)
{
    QSettings().setValue(FolderKey, QFileInfo(file).absolutePath());
}

} // namespace

QList<ConnectionProfile> importFile(ProfileStore &store, const QString &path, QWidget *parent)
{
    const ProfileImportResult result = store.importProfiles(path);
    if (result.problems.isEmpty())
        return result.imported;
    QStringList lines;
    for (const ProfileProblem &problem : result.problems)
        lines << QStringLiteral("%1: %2").arg(problem.fileName, problem.message);
    const QString summary =
        tr("Imported %1 of %2 profiles from %3. Left out:")
            .arg(QString::number(result.imported.size()),
                 QString::number(result.imported.size() + result.problems.size()),
                 QFileInfo(path).fileName());
    QMessageBox::warning(parent, tr("Import profiles"),
                         summary + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
    return result.imported;
}

QList<ConnectionProfile> importWithDialog(ProfileStore &store, QWidget *parent)
{
    const QString path =
        QFileDialog::getOpenFileName(parent, tr("Import profiles"), lastFolder(), fileFilter());
    if (path.isEmpty())
        return {};
    rememberFolder(path);
    return importFile(store, path, parent);
}

bool exportFile(const QList<ConnectionProfile> &profiles, const QString &path, QWidget *parent)
{
    QString error;
    if (ProfileStore::exportProfiles(profiles, path, &error))
        return true;
    QMessageBox::warning(parent, tr("Export profiles"), tr("Nothing was exported: %1").arg(error));
    return false;
}

bool exportWithDialog(const QList<ConnectionProfile> &profiles, QWidget *parent)
{
    const QString folder = lastFolder();
    const QString suggested = (folder.isEmpty() ? QString() : folder + QLatin1Char('/')) +
                              QStringLiteral("pingscope-profiles.json");
    const QString path = askSaveFileName(parent, tr("Export profiles"), suggested, fileFilter(),
                                         QStringLiteral("json"));
    if (path.isEmpty())
        return false;
    rememberFolder(path);
    return exportFile(profiles, path, parent);
}

} // namespace PingScope::ProfileTransfer
