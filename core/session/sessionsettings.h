#pragma once

#include "protocol/packets.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace PingScope {

struct TlsSettings
{
    bool enabled = false;
    QString caFile;          // PEM; empty: the system's CA certificates
    QString certificateFile; // PEM client certificate, with keyFile
    QString keyFile;
    QString serverName; // SNI and the name verified; empty: the host
    // Off by default. On, certificate errors are ignored (and the session says so).
    bool allowInsecure = false;
};

struct ReconnectSettings
{
    bool enabled = true;
    int initialDelayMs = 1000;
    int maximumDelayMs = 30000;
    double jitter = 0.2; // each delay is varied by up to +-20 %, so clients do not stampede
    // Reconnecting after a take-over knocks the other client off in turn; off by default.
    bool afterTakeover = false;
};

// Everything a connection needs. Plain ints where a user could type an out-of-range value
// (keep-alive 70000, port 0), so validateSettings() can say what is wrong instead of the
// value silently wrapping.
struct SessionSettings
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 1883;
    TlsSettings tls;
    Protocol::ProtocolVersion version = Protocol::ProtocolVersion::V5;

    QString clientId;       // empty: 5.0 lets the broker assign one; 3.1.1 needs clean session
    bool cleanStart = true; // "clean session" before 5.0
    quint32 sessionExpirySeconds = 0; // 5.0; 0xFFFFFFFF: never
    std::optional<QString> userName;
    std::optional<QByteArray> password;

    int keepAliveSeconds = 60; // 0..65535; 0 disables keep-alive
    int pingTimeoutMs = 0;     // PINGRESP wait; 0: the keep-alive period
    int connackTimeoutMs = 10000;

    std::optional<Protocol::Will> will; // 5.0 will properties in will->properties

    // 5.0 CONNECT properties; absent means the standard's default.
    std::optional<int> receiveMaximum; // 1..65535
    // The largest packet the client accepts; absent: DefaultMaximumPacketSize. Without a
    // bound a broker could declare 256 MiB and have every byte of it buffered. 5.0 announces
    // it in CONNECT, so a broker must not send more ([MQTT-3.1.2-24]); before 5.0 nothing can
    // announce it, and a larger packet still ends the connection with an error that says so.
    std::optional<quint32> maximumPacketSize;
    static constexpr quint32 DefaultMaximumPacketSize = 16 * 1024 * 1024;
    quint32 effectiveMaximumPacketSize() const
    {
        return maximumPacketSize.value_or(DefaultMaximumPacketSize);
    }
    QList<QPair<QString, QString>> userProperties;

    // Before 5.0 nothing tells the client how many QoS 1/2 messages the broker takes at
    // once, and mosquitto 2.0.11 drops the 21st with a plain PUBACK (0x97 "quota exceeded"
    // invisible to 3.1.1). So 3.1/3.1.1 sessions keep at most this many unacknowledged;
    // 5.0 follows the broker's Receive Maximum instead.
    int maximumInFlight = 20;

    ReconnectSettings reconnect;

    // "127.0.0.1:1883": the broker's identity for take-over and will tracking.
    QString brokerKey() const;
};

// One problem with one setting; `field` names the setting as the editor labels it.
struct SettingsProblem
{
    QString field;
    QString message;

    friend bool operator==(const SettingsProblem &a, const SettingsProblem &b)
    {
        return a.field == b.field && a.message == b.message;
    }
};

// Everything wrong with `settings`, one entry per field; empty when they can be used.
QList<SettingsProblem> validateSettings(const SessionSettings &settings);

// The CONNECT for valid `settings`. `clientId` replaces settings.clientId (a reconnect uses
// the 5.0 Assigned Client Identifier).
Protocol::ConnectPacket buildConnectPacket(const SessionSettings &settings,
                                           const QString &clientId);

} // namespace PingScope
