#include "sessionsettings.h"

#include "protocol/topics.h"

#include <QFileInfo>

namespace PingScope {

using Protocol::ProtocolVersion;

namespace {

constexpr int MaximumPingTimeoutMs = 24 * 3600 * 1000;
// 3.1 limits the client ID to 23 characters (3.1 section 3.1); 3.1.1 and 5.0 let brokers
// accept longer ones, so only 3.1 is checked here.
constexpr int MaximumV31ClientIdLength = 23;

QString unreadableFileProblem(const QString &path)
{
    if (path.isEmpty())
        return QString();
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("%1 does not exist").arg(path);
    if (!info.isFile() || !info.isReadable())
        return QStringLiteral("%1 is not a readable file").arg(path);
    return QString();
}

void checkTls(const TlsSettings &tls, QList<SettingsProblem> &problems)
{
    if (!tls.enabled)
        return;
    const QList<QPair<QString, QString>> files = {
        {QStringLiteral("CA certificate"), tls.caFile},
        {QStringLiteral("Client certificate"), tls.certificateFile},
        {QStringLiteral("Client key"), tls.keyFile},
    };
    for (const auto &[field, path] : files) {
        if (const QString problem = unreadableFileProblem(path); !problem.isEmpty())
            problems.append({field, problem});
    }
    if (tls.certificateFile.isEmpty() != tls.keyFile.isEmpty())
        problems.append({QStringLiteral("Client certificate"),
                         QStringLiteral("a client certificate needs its key, and a key its "
                                        "certificate")});
}

void checkWill(const SessionSettings &s, QList<SettingsProblem> &problems)
{
    if (!s.will)
        return;
    if (s.will->topic.isEmpty())
        problems.append({QStringLiteral("Will topic"),
                         QStringLiteral("a will needs a topic to be published to")});
    else if (const QString problem = Protocol::topicNameProblem(s.will->topic); !problem.isEmpty())
        problems.append({QStringLiteral("Will topic"), problem});
    if (s.will->qos > 2)
        problems.append({QStringLiteral("Will QoS"),
                         QStringLiteral("%1 is not a QoS level: use 0, 1 or 2").arg(s.will->qos)});
    if (s.version != ProtocolVersion::V5 && !s.will->properties.isEmpty())
        problems.append({QStringLiteral("Will properties"),
                         QStringLiteral("will properties (delay, expiry, content type, ...) "
                                        "need MQTT 5.0")});
}

void checkIdentity(const SessionSettings &s, QList<SettingsProblem> &problems)
{
    if (s.clientId.isEmpty() && s.version != ProtocolVersion::V5 && !s.cleanStart)
        problems.append({QStringLiteral("Client ID"),
                         QStringLiteral("an empty client ID needs clean session before MQTT "
                                        "5.0 [MQTT-3.1.3-7]")});
    if (s.version == ProtocolVersion::V3_1 &&
        (s.clientId.isEmpty() || s.clientId.size() > MaximumV31ClientIdLength))
        problems.append({QStringLiteral("Client ID"),
                         QStringLiteral("MQTT 3.1 needs a client ID of 1 to 23 characters")});
    if (s.clientId.toUtf8().size() > 65535)
        problems.append({QStringLiteral("Client ID"), QStringLiteral("longer than 65,535 bytes")});
    if (s.password && !s.userName && s.version != ProtocolVersion::V5)
        problems.append({QStringLiteral("Password"),
                         QStringLiteral("a password needs a user name before MQTT 5.0 "
                                        "[MQTT-3.1.2-22]")});
}

} // namespace

QString SessionSettings::brokerKey() const
{
    return host.toLower() + QLatin1Char(':') + QString::number(port);
}

QList<SettingsProblem> validateSettings(const SessionSettings &s)
{
    QList<SettingsProblem> problems;
    if (s.host.trimmed().isEmpty())
        problems.append({QStringLiteral("Host"), QStringLiteral("enter the broker's host name "
                                                                "or address")});
    if (s.port < 1 || s.port > 65535)
        problems.append({QStringLiteral("Port"),
                         QStringLiteral("%1 is not a TCP port: use 1 to 65535").arg(s.port)});
    if (s.keepAliveSeconds < 0 || s.keepAliveSeconds > 65535)
        problems.append({QStringLiteral("Keep-alive"),
                         QStringLiteral("%1 s is outside 0..65535 s (0 disables keep-alive)")
                             .arg(s.keepAliveSeconds)});
    if (s.pingTimeoutMs < 0 || s.pingTimeoutMs > MaximumPingTimeoutMs)
        problems.append({QStringLiteral("PINGRESP timeout"),
                         QStringLiteral("%1 ms is outside 0..24 h (0: the keep-alive period)")
                             .arg(s.pingTimeoutMs)});
    if (s.connackTimeoutMs <= 0)
        problems.append(
            {QStringLiteral("CONNACK timeout"), QStringLiteral("must be more than 0 ms")});
    checkIdentity(s, problems);
    checkWill(s, problems);
    if (s.receiveMaximum && (*s.receiveMaximum < 1 || *s.receiveMaximum > 65535))
        problems.append({QStringLiteral("Receive maximum"),
                         QStringLiteral("%1 is outside 1..65535").arg(*s.receiveMaximum)});
    if (s.maximumInFlight < 1 || s.maximumInFlight > 65535)
        problems.append({QStringLiteral("Maximum in flight"),
                         QStringLiteral("%1 is outside 1..65535").arg(s.maximumInFlight)});
    if (s.maximumPacketSize && *s.maximumPacketSize == 0)
        problems.append({QStringLiteral("Maximum packet size"),
                         QStringLiteral("0 is not allowed [MQTT-3.1.2-24]")});
    checkTls(s.tls, problems);
    const ReconnectSettings &r = s.reconnect;
    if (r.initialDelayMs <= 0 || r.maximumDelayMs < r.initialDelayMs)
        problems.append({QStringLiteral("Reconnect delay"),
                         QStringLiteral("the first delay must be more than 0 ms and at most "
                                        "the maximum delay")});
    if (r.jitter < 0 || r.jitter > 1)
        problems.append(
            {QStringLiteral("Reconnect jitter"), QStringLiteral("must be between 0 and 1")});
    return problems;
}

Protocol::ConnectPacket buildConnectPacket(const SessionSettings &s, const QString &clientId)
{
    using Protocol::PropertyId;
    Protocol::ConnectPacket connect;
    connect.protocolVersion = s.version;
    connect.cleanSession = s.cleanStart;
    connect.keepAlive = quint16(s.keepAliveSeconds);
    connect.clientId = clientId;
    connect.will = s.will;
    connect.userName = s.userName;
    connect.password = s.password;
    if (s.version != ProtocolVersion::V5) {
        if (connect.will)
            connect.will->properties = {};
        return connect;
    }
    if (s.sessionExpirySeconds != 0)
        connect.properties.setInteger(PropertyId::SessionExpiryInterval, s.sessionExpirySeconds);
    if (s.receiveMaximum)
        connect.properties.setInteger(PropertyId::ReceiveMaximum, quint32(*s.receiveMaximum));
    connect.properties.setInteger(PropertyId::MaximumPacketSize, s.effectiveMaximumPacketSize());
    for (const auto &[name, value] : s.userProperties)
        connect.properties.addUserProperty(name, value);
    return connect;
}

} // namespace PingScope
