#include "atomicfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace PingScope {

bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    QSaveFile file(path);
    // Never fall back to writing the target in place: that is the torn write we avoid.
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false; // QSaveFile discards the temporary file; the old one is untouched
    }
    return true;
}

QString moveFileAside(const QString &path, QString *error)
{
    const QFileInfo info(path);
    const QString base = info.fileName() + QStringLiteral(".corrupt-") +
                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QDir dir = info.absoluteDir();
    QString name = base;
    // Two bad files of the same name within a second (a reload, a second bad copy) must not
    // replace the first one set aside.
    for (int n = 2; dir.exists(name); ++n)
        name = base + QLatin1Char('-') + QString::number(n);
    QFile file(path);
    if (!file.rename(dir.filePath(name))) {
        if (error)
            *error = QStringLiteral("cannot rename %1 aside: %2").arg(path, file.errorString());
        return QString();
    }
    return name;
}

} // namespace PingScope
