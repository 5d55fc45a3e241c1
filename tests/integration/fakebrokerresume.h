#pragma once

#include "fakebrokerrig.h"

#include <QList>
#include <QTest>

// Helpers for FakeBroker tests whose session is resumed on a reconnect.

// A PUBLISH of `payloadSize` bytes to `topic`.
inline PingScope::Protocol::PublishPacket fakeMessage(const QString &topic, quint8 qos,
                                                      int payloadSize = 1)
{
    PingScope::Protocol::PublishPacket publish;
    publish.topic = topic;
    publish.qos = qos;
    publish.payload = QByteArray(payloadSize, 'x');
    return publish;
}

// `settings` whose CONNECT asks to resume the session (5.0: kept 300 s).
inline PingScope::SessionSettings resumable(PingScope::SessionSettings settings)
{
    settings.cleanStart = false;
    if (settings.version == PingScope::Protocol::ProtocolVersion::V5)
        settings.sessionExpirySeconds = 300;
    return settings;
}

// The broker closes the link and answers the reconnect with `connack`, session present. From
// then on it acknowledges every flow, and receivedPackets() holds only the new connection's.
inline void closeAndResumeWith(FakeBrokerRig &rig, PingScope::Protocol::ConnackPacket connack)
{
    connack.sessionPresent = true;
    rig.broker.setConnackReply(connack);
    rig.broker.setAutoAck(true);
    rig.broker.clearReceived();
    rig.broker.closeClient();
}

inline QList<PingScope::Protocol::PacketType>
typesOf(const QList<PingScope::Protocol::DecodedPacket> &packets)
{
    QList<PingScope::Protocol::PacketType> types;
    for (const PingScope::Protocol::DecodedPacket &packet : packets)
        types << packet.type();
    return types;
}

// A "version" column with a 3.1.1 and a 5.0 row.
inline void addVersionRows()
{
    QTest::addColumn<PingScope::Protocol::ProtocolVersion>("version");
    QTest::newRow("3.1.1") << PingScope::Protocol::ProtocolVersion::V3_1_1;
    QTest::newRow("5.0") << PingScope::Protocol::ProtocolVersion::V5;
}
