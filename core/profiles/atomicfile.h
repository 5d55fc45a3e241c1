#pragma once

#include <QByteArray>
#include <QString>

namespace PingScope {

// Replaces `path` with `bytes` through QSaveFile: the new content becomes visible whole, or
// not at all, so a crash or a full disk mid-write leaves the previous file as it was.
// Creates the parent directory. On failure returns false and says why in `error`.
bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error);

// Renames a file that could not be used to "<name>.corrupt-<yyyyMMdd-HHmmss>" next to it
// (with "-2", "-3", ... when that name is taken), so that the user's data is kept for them
// to inspect, and nothing writes over it. Returns the new file name (without directory), or
// an empty string if the rename failed (`error` says why).
QString moveFileAside(const QString &path, QString *error);

} // namespace PingScope
