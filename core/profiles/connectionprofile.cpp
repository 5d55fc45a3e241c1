#include "connectionprofile.h"

#include "jsonfieldreader.h"
#include "willjson.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QUuid>

#include <algorithm>
#include <limits>

namespace PingScope {

using Protocol::ProtocolVersion;

namespace {

#if QT_POINTER_SIZE == 8
// toJson() and fromJson() name every field of SessionSettings (its will included: the
// optional holds the Will in place). A field added there and forgotten here would be dropped
// without a word on the next save: this fails the build instead. Serialize the new field below
// (both ways, and in the round-trip test), then update the size.
static_assert(sizeof(SessionSettings) == 432,
              "SessionSettings changed: store the new field in ConnectionProfile's JSON");
#endif

constexpr qint64 MaximumInt = std::numeric_limits<int>::max();
constexpr qint64 MinimumInt = std::numeric_limits<int>::min();
constexpr qint64 MaximumFourByteInteger = std::numeric_limits<quint32>::max();

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

const QList<QPair<ProtocolVersion, QString>> &versionNames()
{
    static const QList<QPair<ProtocolVersion, QString>> names = {
        {ProtocolVersion::V3_1, QStringLiteral("3.1")},
        {ProtocolVersion::V3_1_1, QStringLiteral("3.1.1")},
        {ProtocolVersion::V5, QStringLiteral("5.0")},
    };
    return names;
}

QJsonObject tlsToJson(const TlsSettings &tls)
{
    return {{key("enabled"), tls.enabled},
            {key("ca_file"), tls.caFile},
            {key("certificate_file"), tls.certificateFile},
            {key("key_file"), tls.keyFile},
            {key("server_name"), tls.serverName},
            {key("allow_insecure"), tls.allowInsecure}};
}

TlsSettings tlsFromJson(JsonFieldReader &r)
{
    TlsSettings tls;
    tls.enabled = r.boolean(key("enabled"), tls.enabled);
    tls.caFile = r.string(key("ca_file"));
    tls.certificateFile = r.string(key("certificate_file"));
    tls.keyFile = r.string(key("key_file"));
    tls.serverName = r.string(key("server_name"));
    tls.allowInsecure = r.boolean(key("allow_insecure"), tls.allowInsecure);
    return tls;
}

QJsonObject reconnectToJson(const ReconnectSettings &reconnect)
{
    return {{key("enabled"), reconnect.enabled},
            {key("initial_delay_ms"), reconnect.initialDelayMs},
            {key("maximum_delay_ms"), reconnect.maximumDelayMs},
            {key("jitter"), reconnect.jitter},
            {key("after_takeover"), reconnect.afterTakeover}};
}

ReconnectSettings reconnectFromJson(JsonFieldReader &r)
{
    ReconnectSettings reconnect;
    reconnect.enabled = r.boolean(key("enabled"), reconnect.enabled);
    reconnect.initialDelayMs =
        int(r.integer(key("initial_delay_ms"), MinimumInt, MaximumInt, reconnect.initialDelayMs));
    reconnect.maximumDelayMs =
        int(r.integer(key("maximum_delay_ms"), MinimumInt, MaximumInt, reconnect.maximumDelayMs));
    reconnect.jitter = r.number(key("jitter"), reconnect.jitter);
    reconnect.afterTakeover = r.boolean(key("after_takeover"), reconnect.afterTakeover);
    return reconnect;
}

void readSettings(JsonFieldReader &r, SessionSettings &s)
{
    s.host = r.string(key("host"), s.host);
    s.port = int(r.integer(key("port"), MinimumInt, MaximumInt, s.port));
    if (std::optional<JsonFieldReader> tls = r.object(key("tls")))
        s.tls = tlsFromJson(*tls);
    const QString version = r.string(key("mqtt_version"), QStringLiteral("5.0"));
    const auto known = std::find_if(versionNames().cbegin(), versionNames().cend(),
                                    [&](const auto &entry) { return entry.second == version; });
    if (known != versionNames().cend())
        s.version = known->first;
    else
        r.addProblem(
            key("mqtt_version"),
            QStringLiteral("expected \"3.1\", \"3.1.1\" or \"5.0\", found \"%1\"").arg(version));
    s.clientId = r.string(key("client_id"));
    s.cleanStart = r.boolean(key("clean_start"), s.cleanStart);
    s.sessionExpirySeconds =
        quint32(r.integer(key("session_expiry"), 0, MaximumFourByteInteger, 0));
    s.userName = r.optionalString(key("user_name"));
    s.keepAliveSeconds =
        int(r.integer(key("keep_alive"), MinimumInt, MaximumInt, s.keepAliveSeconds));
    s.pingTimeoutMs =
        int(r.integer(key("ping_timeout_ms"), MinimumInt, MaximumInt, s.pingTimeoutMs));
    s.connackTimeoutMs =
        int(r.integer(key("connack_timeout_ms"), MinimumInt, MaximumInt, s.connackTimeoutMs));
    if (const auto value = r.optionalInteger(key("receive_maximum"), MinimumInt, MaximumInt))
        s.receiveMaximum = int(*value);
    if (const auto value = r.optionalInteger(key("maximum_packet_size"), 0, MaximumFourByteInteger))
        s.maximumPacketSize = quint32(*value);
    s.userProperties = r.stringPairs(key("user_properties"));
    s.maximumInFlight =
        int(r.integer(key("maximum_in_flight"), MinimumInt, MaximumInt, s.maximumInFlight));
    if (std::optional<JsonFieldReader> reconnect = r.object(key("reconnect")))
        s.reconnect = reconnectFromJson(*reconnect);
}

std::optional<PasswordStorage> passwordStorageFromName(const QString &name)
{
    for (PasswordStorage storage :
         {PasswordStorage::NoPassword, PasswordStorage::Keyring, PasswordStorage::AskOnConnect}) {
        if (passwordStorageName(storage) == name)
            return storage;
    }
    return std::nullopt;
}

// validateSettings() also checks that the TLS files exist. A file that is missing today (an
// unplugged drive, a certificate not yet copied) does not make the profile unreadable, so
// those problems are moved to the warnings; every other rule still refuses the profile.
void splitSettingsProblems(const SessionSettings &s, ProfileReadResult &result)
{
    const QList<QPair<QString, QString>> files = {
        {QStringLiteral("CA certificate"), s.tls.caFile},
        {QStringLiteral("Client certificate"), s.tls.certificateFile},
        {QStringLiteral("Client key"), s.tls.keyFile},
    };
    for (const SettingsProblem &problem : validateSettings(s)) {
        const bool missingFile = std::any_of(files.cbegin(), files.cend(), [&](const auto &f) {
            const QFileInfo info(f.second);
            return problem.field == f.first && !f.second.isEmpty() &&
                   problem.message.contains(f.second) && !(info.isFile() && info.isReadable());
        });
        (missingFile ? result.warnings : result.problems).append(problem);
    }
}

} // namespace

QString passwordStorageName(PasswordStorage storage)
{
    switch (storage) {
    case PasswordStorage::NoPassword:
        return QStringLiteral("none");
    case PasswordStorage::Keyring:
        return QStringLiteral("keyring");
    case PasswordStorage::AskOnConnect:
        return QStringLiteral("ask");
    }
    return QString();
}

ConnectionProfile ConnectionProfile::create(const QString &profileName,
                                            const SessionSettings &profileSettings)
{
    ConnectionProfile profile;
    profile.id = newId();
    profile.name = profileName;
    profile.settings = profileSettings;
    return profile;
}

QString ConnectionProfile::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool ConnectionProfile::isValidId(const QString &id)
{
    // Only the canonical spelling: the id names the profile's file, so one profile must not
    // be able to appear under two names ("{...}", upper case).
    const QUuid uuid = QUuid::fromString(id);
    return !uuid.isNull() && uuid.toString(QUuid::WithoutBraces) == id;
}

QJsonObject ConnectionProfile::toJson() const
{
    const SessionSettings &s = settings;
    QString version;
    for (const auto &[value, text] : versionNames()) {
        if (value == s.version)
            version = text;
    }
    QJsonObject json{
        {key("format"), Format},
        {key("id"), id},
        {key("name"), name},
        {key("notes"), notes},
        {key("password_storage"), passwordStorageName(passwordStorage)},
        {key("watch_will"), watchWill},
        {key("local_broker"), localBroker},
        {key("host"), s.host},
        {key("port"), s.port},
        {key("tls"), tlsToJson(s.tls)},
        {key("mqtt_version"), version},
        {key("client_id"), s.clientId},
        {key("clean_start"), s.cleanStart},
        {key("session_expiry"), qint64(s.sessionExpirySeconds)},
        {key("keep_alive"), s.keepAliveSeconds},
        {key("ping_timeout_ms"), s.pingTimeoutMs},
        {key("connack_timeout_ms"), s.connackTimeoutMs},
        {key("user_properties"), stringPairsToJson(s.userProperties)},
        {key("maximum_in_flight"), s.maximumInFlight},
        {key("reconnect"), reconnectToJson(s.reconnect)},
    };
    // settings.password is deliberately absent: passwords live in the keyring only.
    if (s.userName)
        json.insert(key("user_name"), *s.userName);
    if (s.receiveMaximum)
        json.insert(key("receive_maximum"), *s.receiveMaximum);
    if (s.maximumPacketSize)
        json.insert(key("maximum_packet_size"), qint64(*s.maximumPacketSize));
    if (s.will)
        json.insert(key("will"), willToJson(*s.will, true));
    else if (disabledWill)
        json.insert(key("will"), willToJson(*disabledWill, false));
    return json;
}

ProfileReadResult ConnectionProfile::fromJson(const QJsonObject &json)
{
    ProfileReadResult result;
    JsonFieldReader r(json, &result.problems);
    const std::optional<qint64> format = r.optionalInteger(key("format"), 1, MaximumInt);
    if (!result.problems.isEmpty())
        return result;
    if (!format) {
        r.addProblem(key("format"), QStringLiteral("missing: not a PingScope profile"));
        return result;
    }
    if (*format > Format) {
        result.newerFormat = true;
        r.addProblem(key("format"), QStringLiteral("format %1 is from a newer PingScope; this "
                                                   "one reads format %2")
                                        .arg(*format)
                                        .arg(Format));
        return result;
    }

    ConnectionProfile &profile = result.profile;
    profile.id = r.requiredString(key("id"));
    if (r.has(key("id")) && !isValidId(profile.id))
        r.addProblem(key("id"), QStringLiteral("expected a UUID without braces, in lower case"));
    profile.name = r.requiredString(key("name"));
    if (r.has(key("name")) && profile.name.trimmed().isEmpty())
        r.addProblem(key("name"), QStringLiteral("a profile needs a name"));
    profile.notes = r.string(key("notes"));
    const QString storage =
        r.string(key("password_storage"), passwordStorageName(profile.passwordStorage));
    if (const std::optional<PasswordStorage> known = passwordStorageFromName(storage))
        profile.passwordStorage = *known;
    else
        r.addProblem(key("password_storage"),
                     QStringLiteral("expected \"none\", \"keyring\" or \"ask\""));
    // Someone typed a password into the file: say so rather than ignore it (it is not read;
    // passwords live in the keyring).
    if (r.has(key("password")))
        r.addProblem(key("password"), QStringLiteral("a password is never read from a profile "
                                                     "file: remove it, and enter it in PingScope "
                                                     "to keep it in the keyring"));
    profile.watchWill = r.boolean(key("watch_will"), false);
    profile.localBroker = r.boolean(key("local_broker"), false);
    readSettings(r, profile.settings);
    if (std::optional<JsonFieldReader> will = r.object(key("will"))) {
        const bool enabled = will->boolean(key("enabled"), true);
        (enabled ? profile.settings.will : profile.disabledWill) = willFromJson(*will);
    }
    // Validated as a connection will see it: with a password wherever one will be sent, so
    // that the rules about it (a password needs a user name before 5.0) apply here too.
    SessionSettings asConnected = profile.settings;
    if (profile.passwordStorage != PasswordStorage::NoPassword)
        asConnected.password = QByteArrayLiteral("placeholder");
    splitSettingsProblems(asConnected, result);
    return result;
}

QString ProfileReadResult::problemText() const
{
    QStringList parts;
    for (const SettingsProblem &problem : problems)
        parts << problem.field + QStringLiteral(": ") + problem.message;
    return parts.join(QStringLiteral("; "));
}

} // namespace PingScope
