#pragma once

// The byte-exact MQTT test vectors shared by tst_codecvectors (encode and decode) and
// tst_streamdecoder (the same bytes fed in chunks). Every vector is written once, in
// vectors_v3.cpp (3.1 and 3.1.1) or vectors_v5.cpp (5.0), from the OASIS standards.

#include "protocol/packets.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace CodecVectors {

enum class Direction {
    Both,       // encodePacket(packet) gives exactly `bytes`, and decoding `bytes` gives packet
    DecodeOnly, // another accepted wire form of the same value: decoding only
};

struct Vector
{
    QByteArray name; // unique row name: "3.1.1 CONNECT minimal"
    PingScope::Protocol::ProtocolVersion version;
    PingScope::Protocol::Packet packet;
    QByteArray bytes;
    Direction direction = Direction::Both;
};

// Small builders so that a vector reads as one line of intent.
namespace Make {

inline PingScope::Protocol::PublishPacket
publish(quint8 qos, bool retain, bool dup, const QString &topic, quint16 packetId,
        const QByteArray &payload, const PingScope::Protocol::Properties &properties = {})
{
    PingScope::Protocol::PublishPacket packet;
    packet.qos = qos;
    packet.retain = retain;
    packet.dup = dup;
    packet.topic = topic;
    packet.packetId = packetId;
    packet.payload = payload;
    packet.properties = properties;
    return packet;
}

inline PingScope::Protocol::AckPacket ack(PingScope::Protocol::PacketType type, quint16 packetId,
                                          quint8 reasonCode = 0,
                                          const PingScope::Protocol::Properties &properties = {})
{
    PingScope::Protocol::AckPacket packet;
    packet.type = type;
    packet.packetId = packetId;
    packet.reasonCode = reasonCode;
    packet.properties = properties;
    return packet;
}

inline PingScope::Protocol::Subscription subscription(const QString &filter, quint8 qos,
                                                      bool noLocal = false,
                                                      bool retainAsPublished = false,
                                                      quint8 retainHandling = 0)
{
    PingScope::Protocol::Subscription result;
    result.topicFilter = filter;
    result.qos = qos;
    result.noLocal = noLocal;
    result.retainAsPublished = retainAsPublished;
    result.retainHandling = retainHandling;
    return result;
}

inline PingScope::Protocol::ConnectPacket connect(PingScope::Protocol::ProtocolVersion version,
                                                  bool cleanSession, quint16 keepAlive,
                                                  const QString &clientId)
{
    PingScope::Protocol::ConnectPacket packet;
    packet.protocolVersion = version;
    packet.cleanSession = cleanSession;
    packet.keepAlive = keepAlive;
    packet.clientId = clientId;
    return packet;
}

inline PingScope::Protocol::Will will(const QString &topic, const QByteArray &payload, quint8 qos,
                                      bool retain,
                                      const PingScope::Protocol::Properties &properties = {})
{
    PingScope::Protocol::Will result;
    result.topic = topic;
    result.payload = payload;
    result.qos = qos;
    result.retain = retain;
    result.properties = properties;
    return result;
}

inline PingScope::Protocol::ConnackPacket
connack(bool sessionPresent, quint8 code, const PingScope::Protocol::Properties &properties = {})
{
    PingScope::Protocol::ConnackPacket packet;
    packet.sessionPresent = sessionPresent;
    packet.reasonCode = code;
    packet.properties = properties;
    return packet;
}

} // namespace Make

QList<Vector> vectorsV3_1();
QList<Vector> vectorsV3_1_1();
QList<Vector> vectorsV5();

inline const QList<Vector> &allVectors()
{
    static const QList<Vector> all = vectorsV3_1() + vectorsV3_1_1() + vectorsV5();
    return all;
}

inline QList<Vector> vectorsOf(PingScope::Protocol::ProtocolVersion version)
{
    QList<Vector> result;
    for (const Vector &vector : allVectors()) {
        if (vector.version == version)
            result.append(vector);
    }
    return result;
}

inline QByteArray versionLabel(PingScope::Protocol::ProtocolVersion version)
{
    switch (version) {
    case PingScope::Protocol::ProtocolVersion::V3_1:
        return QByteArrayLiteral("3.1");
    case PingScope::Protocol::ProtocolVersion::V3_1_1:
        return QByteArrayLiteral("3.1.1");
    case PingScope::Protocol::ProtocolVersion::V5:
        return QByteArrayLiteral("5.0");
    }
    return QByteArrayLiteral("?");
}

} // namespace CodecVectors
