#pragma once

#include "profiles/connectionprofile.h"

#include <QList>
#include <QString>

namespace PingScope {

// A file that could not be used, for the user to read: "office.json: keep_alive: ...".
struct ProfileProblem
{
    QString fileName; // without directory
    QString message;
    // load(): the name the file was renamed to ("<file>.corrupt-20250101-120000"), empty if
    // it could not be renamed (the message then says so too). Empty for import problems:
    // the user's own file is never renamed.
    QString keptAs;
};

struct ProfileLoadResult
{
    QList<ConnectionProfile> profiles; // sorted by name
    QList<ProfileProblem> problems;
};

struct ProfileImportResult
{
    QList<ConnectionProfile> imported; // as saved, with their final ids
    QList<ProfileProblem> problems;    // one per entry left out, "profile 2 (\"Office\"): ..."
};

// The saved profiles: one JSON file "<id>.json" per profile in one folder. Every write is
// atomic (QSaveFile), so a crash keeps the previous version whole. A file that cannot be
// read (not JSON, torn by an older non-atomic writer, invalid settings, a name that is not
// its id) is reported by name and renamed aside, never overwritten or deleted, and the other
// profiles load as usual; a file of a newer format is reported and left where it is, for
// the newer PingScope. Passwords are never written (see PasswordStorage); the store is the
// JSON half, CredentialStore the secret half.
class ProfileStore
{
public:
    // QStandardPaths' AppConfigLocation + "/profiles".
    static QString defaultDirectory();

    explicit ProfileStore(const QString &directory = defaultDirectory());

    QString directory() const { return m_directory; }
    QString filePath(const QString &id) const;

    // Every "*.json" in the folder; other files (the ones set aside, a temporary file left by
    // a killed writer) are ignored. A missing folder is an empty store, not a problem.
    ProfileLoadResult load() const;

    // Refuses (false, `error`) a profile that load() would refuse: invalid id, invalid
    // settings. A missing TLS file does not refuse it (see ConnectionProfile::fromJson()).
    bool save(const ConnectionProfile &profile, QString *error = nullptr) const;
    // Removing a profile that is not there succeeds.
    bool remove(const QString &id, QString *error = nullptr) const;
    bool contains(const QString &id) const;

    // One JSON file {"format": 1, "profiles": [...]} (without passwords), written atomically.
    static bool exportProfiles(const QList<ConnectionProfile> &profiles, const QString &path,
                               QString *error = nullptr);
    // Reads an export (or a single profile file) and saves each valid entry into this store.
    // An entry whose id is already in the store, or earlier in the file, gets a new id (its
    // keyring password, if any, stays with the old id: PasswordStorage::Keyring then finds
    // nothing and the user is asked). Invalid entries are reported and skipped; the others
    // are imported.
    ProfileImportResult importProfiles(const QString &path) const;

private:
    QString m_directory;
};

} // namespace PingScope
