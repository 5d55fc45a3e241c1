#include "profilestore.h"

#include "atomicfile.h"
#include "jsonfieldreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStandardPaths>

#include <algorithm>

namespace PingScope {

namespace {

// Far more than any profile; a bigger file is not one, and is not read into memory whole.
constexpr qint64 MaximumFileSize = 16 * 1024 * 1024;

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// The JSON document in `path`, or an empty one and the reason in `error`. `openFailed` says
// the file could not even be opened (permissions, a lock held by another program): nothing
// is known to be wrong with its contents then.
QJsonDocument readJsonFile(const QString &path, QString *error, bool *openFailed = nullptr)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot be read: %1").arg(file.errorString());
        if (openFailed)
            *openFailed = true;
        return {};
    }
    // A FIFO or a device (/dev/zero chosen in Import) has no size and may never end.
    if (file.isSequential()) {
        *error = QStringLiteral("not a regular file");
        return {};
    }
    // Read at most one byte more than allowed: the size on disk may grow while we read.
    const QByteArray bytes = file.read(MaximumFileSize + 1);
    if (bytes.size() > MaximumFileSize) {
        *error =
            QStringLiteral("more than %1 bytes: too large to be a profile").arg(MaximumFileSize);
        return {};
    }
    if (bytes.trimmed().isEmpty()) {
        *error = QStringLiteral("the file is empty (an interrupted write?)");
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON (%1 at byte %2): the file is damaged or was "
                                "cut short")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return {};
    }
    return document;
}

QString entryLabel(int index, const ConnectionProfile &profile)
{
    const QString number = QStringLiteral("profile %1").arg(index + 1);
    return profile.name.isEmpty() ? number : number + QStringLiteral(" (\"%1\")").arg(profile.name);
}

} // namespace

QString ProfileStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/profiles");
}

ProfileStore::ProfileStore(const QString &directory)
    : m_directory(directory)
{}

QString ProfileStore::filePath(const QString &id) const
{
    return QDir(m_directory).filePath(id + QStringLiteral(".json"));
}

bool ProfileStore::contains(const QString &id) const
{
    return ConnectionProfile::isValidId(id) && QFileInfo::exists(filePath(id));
}

ProfileLoadResult ProfileStore::load() const
{
    ProfileLoadResult result;
    const QDir dir(m_directory);
    const QStringList names =
        dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Hidden, QDir::Name);
    for (const QString &fileName : names) {
        const QString path = dir.filePath(fileName);
        QString problem;
        bool openFailed = false;
        const QJsonDocument document = readJsonFile(path, &problem, &openFailed);
        // A file that could not be opened may be whole: it stays, and loads when it can.
        bool setAside = !openFailed;
        if (problem.isEmpty() && !document.isObject())
            problem = QStringLiteral("not a profile: the JSON is not an object");
        if (problem.isEmpty()) {
            const ProfileReadResult read = ConnectionProfile::fromJson(document.object());
            if (read.newerFormat) {
                problem = read.problemText() + QStringLiteral(" (left in place)");
                setAside = false; // the newer PingScope must still find it there
            } else if (!read.isValid()) {
                problem = read.problemText();
            } else if (read.profile.id + QStringLiteral(".json") != fileName) {
                // A copied file: loading it would give two files one id, and saves would go
                // to the other one. Import makes a proper copy.
                problem = QStringLiteral("the file name does not match the profile's id %1 "
                                         "(copy profiles with Import)")
                              .arg(read.profile.id);
            } else {
                result.profiles.append(read.profile);
            }
        }
        if (problem.isEmpty())
            continue;
        ProfileProblem entry{fileName, problem, QString()};
        if (setAside) {
            QString renameError;
            entry.keptAs = moveFileAside(path, &renameError);
            if (entry.keptAs.isEmpty())
                entry.message += QStringLiteral("; ") + renameError;
        }
        result.problems.append(entry);
    }
    std::sort(result.profiles.begin(), result.profiles.end(),
              [](const ConnectionProfile &a, const ConnectionProfile &b) {
                  const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
                  return byName != 0 ? byName < 0 : a.id < b.id;
              });
    return result;
}

bool ProfileStore::save(const ConnectionProfile &profile, QString *error) const
{
    const QJsonObject json = profile.toJson();
    // What save() writes, load() must read: otherwise the next start would set it aside.
    const ProfileReadResult check = ConnectionProfile::fromJson(json);
    if (!check.isValid()) {
        if (error)
            *error =
                QStringLiteral("cannot save \"%1\": %2").arg(profile.name, check.problemText());
        return false;
    }
    return writeFileAtomically(filePath(profile.id), QJsonDocument(json).toJson(), error);
}

bool ProfileStore::remove(const QString &id, QString *error) const
{
    // The id becomes a path: anything but a UUID ("../x") is refused.
    if (!ConnectionProfile::isValidId(id)) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a profile id").arg(id);
        return false;
    }
    QFile file(filePath(id));
    if (!file.exists() || file.remove())
        return true;
    if (error)
        *error = QStringLiteral("cannot remove %1: %2").arg(file.fileName(), file.errorString());
    return false;
}

bool ProfileStore::exportProfiles(const QList<ConnectionProfile> &profiles, const QString &path,
                                  QString *error)
{
    QJsonArray array;
    for (const ConnectionProfile &profile : profiles)
        array.append(profile.toJson());
    const QJsonObject json{{key("format"), ConnectionProfile::Format},
                           {key("application"), QStringLiteral("PingScope")},
                           {key("profiles"), array}};
    return writeFileAtomically(path, QJsonDocument(json).toJson(), error);
}

ProfileImportResult ProfileStore::importProfiles(const QString &path) const
{
    ProfileImportResult result;
    const QString fileName = QFileInfo(path).fileName();
    auto report = [&](const QString &message) {
        result.problems.append({fileName, message, QString()});
    };
    QString error;
    const QJsonDocument document = readJsonFile(path, &error);
    if (!error.isEmpty()) {
        report(error);
        return result;
    }
    const QJsonObject root = document.object();
    QJsonArray entries;
    if (root.value(key("profiles")).isArray()) {
        const QJsonValue format = root.value(key("format"));
        if (!format.isDouble() || format.toDouble() != ConnectionProfile::Format) {
            report(QStringLiteral("not an export this PingScope reads (format: %1)")
                       .arg(JsonFieldReader::describe(format)));
            return result;
        }
        entries = root.value(key("profiles")).toArray();
    } else if (document.isObject() && root.contains(key("id"))) {
        entries.append(root); // one profile file
    } else {
        report(QStringLiteral("not a PingScope profile export"));
        return result;
    }

    QSet<QString> seen; // ids taken by earlier entries of this file
    for (int i = 0; i < int(entries.size()); ++i) {
        if (!entries.at(i).isObject()) {
            report(QStringLiteral("profile %1: not an object").arg(i + 1));
            continue;
        }
        ProfileReadResult read = ConnectionProfile::fromJson(entries.at(i).toObject());
        ConnectionProfile &profile = read.profile;
        if (!read.isValid()) {
            report(entryLabel(i, profile) + QStringLiteral(": ") + read.problemText());
            continue;
        }
        if (contains(profile.id) || seen.contains(profile.id))
            profile.id = ConnectionProfile::newId();
        if (!save(profile, &error)) {
            report(entryLabel(i, profile) + QStringLiteral(": ") + error);
            continue;
        }
        seen.insert(profile.id);
        result.imported.append(profile);
    }
    return result;
}

} // namespace PingScope
