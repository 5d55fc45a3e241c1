#pragma once

#include "packettype.h"
#include "properties.h"
#include "protocolversion.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace PingScope::Protocol {

// Packets are plain values. Fields that exist only in 5.0 (properties, most reason codes)
// are ignored when encoding for 3.1/3.1.1, and left at their defaults when decoding those.

struct Will
{
    QString topic;
    QByteArray payload;
    quint8 qos = 0;
    bool retain = false;
    Properties properties; // 5.0 will properties

    friend bool operator==(const Will &a, const Will &b)
    {
        return a.topic == b.topic && a.payload == b.payload && a.qos == b.qos &&
               a.retain == b.retain && a.properties == b.properties;
    }
};

struct ConnectPacket
{
    ProtocolVersion protocolVersion = ProtocolVersion::V3_1_1;
    bool cleanSession = true; // "Clean Start" in 5.0
    quint16 keepAlive = 60;   // seconds; 0 disables keep-alive
    QString clientId;
    std::optional<Will> will;
    std::optional<QString> userName;
    std::optional<QByteArray> password;
    Properties properties;

    friend bool operator==(const ConnectPacket &a, const ConnectPacket &b)
    {
        return a.protocolVersion == b.protocolVersion && a.cleanSession == b.cleanSession &&
               a.keepAlive == b.keepAlive && a.clientId == b.clientId && a.will == b.will &&
               a.userName == b.userName && a.password == b.password && a.properties == b.properties;
    }
};

struct ConnackPacket
{
    bool sessionPresent = false;
    // 3.1/3.1.1: the connect return code (0..5); 5.0: the reason code.
    quint8 reasonCode = 0;
    Properties properties;

    friend bool operator==(const ConnackPacket &a, const ConnackPacket &b)
    {
        return a.sessionPresent == b.sessionPresent && a.reasonCode == b.reasonCode &&
               a.properties == b.properties;
    }
};

struct PublishPacket
{
    bool dup = false;
    quint8 qos = 0;
    bool retain = false;
    QString topic;
    quint16 packetId = 0; // present on the wire only for QoS 1 and 2
    Properties properties;
    QByteArray payload;

    friend bool operator==(const PublishPacket &a, const PublishPacket &b)
    {
        return a.dup == b.dup && a.qos == b.qos && a.retain == b.retain && a.topic == b.topic &&
               a.packetId == b.packetId && a.properties == b.properties && a.payload == b.payload;
    }
};

// PUBACK, PUBREC, PUBREL and PUBCOMP share one shape.
struct AckPacket
{
    PacketType type = PacketType::Puback;
    quint16 packetId = 0;
    quint8 reasonCode = 0; // 5.0
    Properties properties; // 5.0

    friend bool operator==(const AckPacket &a, const AckPacket &b)
    {
        return a.type == b.type && a.packetId == b.packetId && a.reasonCode == b.reasonCode &&
               a.properties == b.properties;
    }
};

struct Subscription
{
    QString topicFilter;
    quint8 qos = 0;
    // 5.0 subscription options
    bool noLocal = false;
    bool retainAsPublished = false;
    quint8 retainHandling = 0;

    friend bool operator==(const Subscription &a, const Subscription &b)
    {
        return a.topicFilter == b.topicFilter && a.qos == b.qos && a.noLocal == b.noLocal &&
               a.retainAsPublished == b.retainAsPublished && a.retainHandling == b.retainHandling;
    }
};

struct SubscribePacket
{
    quint16 packetId = 0;
    Properties properties;
    QList<Subscription> subscriptions;

    friend bool operator==(const SubscribePacket &a, const SubscribePacket &b)
    {
        return a.packetId == b.packetId && a.properties == b.properties &&
               a.subscriptions == b.subscriptions;
    }
};

struct SubackPacket
{
    quint16 packetId = 0;
    Properties properties;
    QList<quint8> reasonCodes; // 3.1.1 return codes or 5.0 reason codes, one per filter

    friend bool operator==(const SubackPacket &a, const SubackPacket &b)
    {
        return a.packetId == b.packetId && a.properties == b.properties &&
               a.reasonCodes == b.reasonCodes;
    }
};

struct UnsubscribePacket
{
    quint16 packetId = 0;
    Properties properties;
    QList<QString> topicFilters;

    friend bool operator==(const UnsubscribePacket &a, const UnsubscribePacket &b)
    {
        return a.packetId == b.packetId && a.properties == b.properties &&
               a.topicFilters == b.topicFilters;
    }
};

struct UnsubackPacket
{
    quint16 packetId = 0;
    Properties properties;     // 5.0
    QList<quint8> reasonCodes; // 5.0; 3.1.1 UNSUBACK carries none

    friend bool operator==(const UnsubackPacket &a, const UnsubackPacket &b)
    {
        return a.packetId == b.packetId && a.properties == b.properties &&
               a.reasonCodes == b.reasonCodes;
    }
};

struct PingreqPacket
{
    friend bool operator==(const PingreqPacket &, const PingreqPacket &) { return true; }
};

struct PingrespPacket
{
    friend bool operator==(const PingrespPacket &, const PingrespPacket &) { return true; }
};

struct DisconnectPacket
{
    quint8 reasonCode = 0; // 5.0
    Properties properties; // 5.0

    friend bool operator==(const DisconnectPacket &a, const DisconnectPacket &b)
    {
        return a.reasonCode == b.reasonCode && a.properties == b.properties;
    }
};

struct AuthPacket // 5.0 only
{
    quint8 reasonCode = 0;
    Properties properties;

    friend bool operator==(const AuthPacket &a, const AuthPacket &b)
    {
        return a.reasonCode == b.reasonCode && a.properties == b.properties;
    }
};

// PINGREQ comes first because a default-constructed Packet holds the first alternative:
// an empty struct costs nothing to build and throw away before a decoder emplaces the real one.
using Packet = std::variant<PingreqPacket, PingrespPacket, ConnectPacket, ConnackPacket,
                            PublishPacket, AckPacket, SubscribePacket, SubackPacket,
                            UnsubscribePacket, UnsubackPacket, DisconnectPacket, AuthPacket>;

PacketType packetType(const Packet &packet);

template<typename T>
bool packetIs(const Packet &packet)
{
    return std::holds_alternative<T>(packet);
}

} // namespace PingScope::Protocol
