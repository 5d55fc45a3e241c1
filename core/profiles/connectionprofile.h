#pragma once

#include "protocol/packets.h"
#include "session/sessionsettings.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace PingScope {

struct ProfileReadResult;

// Where a profile's password lives. Never in the profile file: either in the system keyring
// (CredentialStore, keyed by the profile's id), or asked for at each connection.
enum class PasswordStorage {
    NoPassword,   // the connection sends no password
    Keyring,      // in the keyring under the profile's id
    AskOnConnect, // not stored anywhere (the user's choice, or no keyring available)
};

// One saved connection, as the editor shows it and as one JSON file of the ProfileStore
// holds it. The JSON is versioned ("format": 1), written with every field so that a round
// trip is exact, and read strictly (see fromJson()).
struct ConnectionProfile
{
    // The JSON format written; files of a higher format are refused, not half read.
    static constexpr int Format = 1;

    QString id; // a QUuid without braces; stable across renames, names the file
    QString name;
    QString notes;
    // settings.password is never written; it stays empty in profiles read from JSON.
    SessionSettings settings;
    PasswordStorage passwordStorage = PasswordStorage::NoPassword;
    // A will the user switched off, kept so that switching it on again restores what they
    // typed; settings.will is the will in force. At most one of the two is set.
    std::optional<Protocol::Will> disabledWill;
    bool watchWill = false; // subscribe to the will topic to see the broker publish it
    // Connect to PingScope's local test broker (LocalBroker), started on demand: its port is
    // picked afresh at each start, so settings.host and settings.port are ignored.
    bool localBroker = false;

    // A profile with a fresh id.
    static ConnectionProfile create(const QString &profileName,
                                    const SessionSettings &profileSettings = SessionSettings());
    static QString newId();
    static bool isValidId(const QString &id);

    // The will payload is written as "payload" when it is UTF-8 text that survives the trip,
    // otherwise as "payload_hex"; 5.0 will properties as named fields (only those 5.0
    // allows in a will, section 3.1.3.2, are kept).
    QJsonObject toJson() const;
    // Strict: every field of the wrong type or range, every rule of validateSettings() and
    // a missing id or name is one problem naming its field; unknown fields are ignored.
    // A missing TLS file (an unplugged drive) is a warning, not a reason to refuse the
    // profile: validateSettings() reports it again when connecting.
    static ProfileReadResult fromJson(const QJsonObject &json);
};

struct ProfileReadResult
{
    ConnectionProfile profile;       // as far as it could be read
    QList<SettingsProblem> problems; // the profile cannot be used; field names as in the file
    QList<SettingsProblem> warnings; // usable, but a connection would fail as things stand
    // Written by a newer PingScope (a higher "format"): not read at all, and best left where
    // that version will look for it.
    bool newerFormat = false;

    bool isValid() const { return problems.isEmpty(); }
    // "keep_alive: ...; Will topic: ..." for a one-line report.
    QString problemText() const;
};

QString passwordStorageName(PasswordStorage storage); // "none", "keyring", "ask"

} // namespace PingScope
