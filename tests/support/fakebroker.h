#pragma once

#include "protocol/codec.h"
#include "protocol/streamdecoder.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <variant>

class QTcpServer;
class QTcpSocket;
class QTimer;

// A scripted MQTT server for behaviour a real mosquitto never shows: DISCONNECT 0x8E or 0x8D,
// CONNACK refusals, Server Keep Alive 0, malformed packets, a CONNECT that is never answered.
//
// It listens on 127.0.0.1 on a port the OS picks and serves one client at a time. A newly
// accepted connection replaces the current one, which is closed at once without a word (a
// reconnecting client opens new connections; connectionCount() counts them all).
//
// What the client sends is decoded strictly (StreamDecoder, sender Client) and recorded. By
// default the broker behaves like a quiet, agreeable server: it accepts CONNECT, answers
// PINGREQ and acknowledges every flow. Each of these can be switched off or replaced, and
// send() / sendPacket() put any bytes on the wire, valid or not.
//
// Everything happens on the test's thread: the wait*() helpers spin the event loop with a
// bound (QTest::qWaitFor), they never sleep.
class FakeBroker : public QObject
{
    Q_OBJECT

public:
    using DecodedPacket = PingScope::Protocol::DecodedPacket;
    using DecodeError = PingScope::Protocol::DecodeError;
    using Packet = PingScope::Protocol::Packet;
    using PacketType = PingScope::Protocol::PacketType;
    using ProtocolVersion = PingScope::Protocol::ProtocolVersion;

    explicit FakeBroker(QObject *parent = nullptr);
    ~FakeBroker() override;

    // Listens on 127.0.0.1, port 0 (never a fixed port). False with errorString() on failure.
    bool listen();
    QString host() const { return QStringLiteral("127.0.0.1"); }
    quint16 port() const;
    QString errorString() const { return m_error; }

    // --- Script -------------------------------------------------------------------------

    // The version used to decode a connection's first bytes and to encode replies until the
    // client's CONNECT arrives; from then on the CONNECT's protocol level is used for that
    // connection, as a real broker would. Default 5.0.
    void setProtocolVersion(ProtocolVersion version) { m_version = version; }
    // The version in use on the current connection.
    ProtocolVersion connectionVersion() const { return m_connectionVersion; }

    // What is sent when a CONNECT arrives. The default is a plain success CONNACK (session
    // not present, no properties) in the CONNECT's version.
    // A packet is encoded unchecked for the CONNECT's version, so it may break the rules
    // (properties are dropped for 3.1/3.1.1): e.g. Server Keep Alive 0, reason code 0x87.
    void setConnackReply(const PingScope::Protocol::ConnackPacket &connack) { m_connack = connack; }
    // Raw bytes sent as they are. Empty: never answer CONNECT (the client must time out).
    void setConnackReply(const QByteArray &bytes) { m_connack = bytes; }

    // Answer PINGREQ with PINGRESP (D0 00). Default true.
    void setAnswerPings(bool answer) { m_answerPings = answer; }

    // Acknowledge the client's flows in the connection's version. Default true:
    // PUBLISH QoS 1 -> PUBACK, PUBLISH QoS 2 -> PUBREC, PUBREL -> PUBCOMP, PUBREC (to a QoS 2
    // PUBLISH the broker sent) -> PUBREL, SUBSCRIBE -> SUBACK granting each requested QoS,
    // UNSUBSCRIBE -> UNSUBACK (5.0: Success per filter).
    void setAutoAck(bool autoAck) { m_autoAck = autoAck; }

    // Close the connection when the client's bytes fail to decode, as a broker must
    // ([MQTT-4.8.0-1], 5.0 section 4.13). Default true; off, the connection stays open, but
    // nothing more is decoded on it.
    void setCloseOnDecodeError(bool close) { m_closeOnDecodeError = close; }

    // Serve several clients at once, to take a client ID over as a broker does: a new
    // connection no longer replaces the current one. Older connections stay open but passive
    // (what they send is neither decoded nor answered) until a CONNECT on the current
    // connection carries their client ID; then `takeOverBytes` (e.g. 5.0 DISCONNECT 0x8E;
    // empty: nothing) go to them and they are closed ([MQTT-3.1.4-2], 5.0 [MQTT-3.1.4-3]),
    // before the new CONNECT is answered. Default off. takeOverCount() counts them.
    void setKeepOlderConnections(bool keep, const QByteArray &takeOverBytes = {});
    int takeOverCount() const { return m_takeOverCount; }

    // --- Acting -------------------------------------------------------------------------

    // Raw bytes to the current client. False if there is no connected client.
    bool send(const QByteArray &bytes);
    // `packet` encoded unchecked (protocol violations allowed) for connectionVersion().
    // False if there is no client or the packet cannot be represented (`error` says why).
    bool sendPacket(const Packet &packet, QString *error = nullptr);
    // Closes the client's connection without sending anything more (bytes already passed to
    // send() are written first). No-op without a client.
    void closeClient();
    // Resets the connection (RST): pending bytes are dropped.
    void abortClient();
    // Sends FIN but keeps reading (shutdown(SHUT_WR)): the client reaches the end of the
    // stream while what it still sends arrives. Bytes passed to send() are written first.
    // False without a client.
    bool halfClose();
    // `bytes` in pieces of `pieceSize` bytes, one piece per turn of a `intervalMs` timer with
    // Nagle's algorithm off, so the client reads a packet split over many TCP segments.
    // Returns at once; waitForPiecesSent() waits for the last piece. False without a client.
    bool sendInPieces(const QByteArray &bytes, int pieceSize = 1, int intervalMs = 1);
    bool waitForPiecesSent(int timeoutMs);

    // --- Observing ----------------------------------------------------------------------

    // Connections accepted since listen(), including replaced and closed ones.
    int connectionCount() const { return m_connectionCount; }
    bool hasClient() const;

    // Every packet decoded, over all connections, in arrival order.
    QList<DecodedPacket> receivedPackets() const { return m_received; }
    // Bytes received on the current (newest) connection, decoded or not.
    QByteArray receivedBytes() const { return m_bytes; }
    // Why the current connection's bytes were rejected; isError() false if they were not.
    DecodeError decodeError() const { return m_decodeError; }

    // Waits for the next packet of `type` that no earlier waitForPacket() call returned: each
    // call consumes one packet, in arrival order, including packets that arrived before the
    // call. So two calls for Pingreq succeed once two PINGREQs have arrived in total.
    bool waitForPacket(PacketType type, int timeoutMs, DecodedPacket *out = nullptr);
    // Waits until connectionCount() >= `count`.
    bool waitForConnections(int count, int timeoutMs);
    // Waits until no client connection is open: true at once if none is (or none ever was).
    bool waitForClientClosed(int timeoutMs);
    // Waits until the current connection's bytes fail to decode.
    bool waitForDecodeError(int timeoutMs);

    // Forgets received packets, bytes and waitForPacket() positions (not the connection count).
    void clearReceived();

Q_SIGNALS:
    void clientConnected();
    // The current client's connection ended, whichever side closed it. Not emitted for a
    // connection that a newer one replaced.
    void clientDisconnected();
    void packetReceived(const PingScope::Protocol::DecodedPacket &packet);
    void decodeFailed(const PingScope::Protocol::DecodeError &error);

private:
    void acceptConnections();
    void readClient();
    void clientGone();
    void handlePacket(const DecodedPacket &decoded);
    void autoReply(const Packet &packet);
    void sendEncoded(const Packet &packet);
    PingScope::Protocol::DecodeOptions decodeOptions() const;
    void keepAsOlder(QTcpSocket *socket);
    void takeOver(const QString &clientId);

    QTcpServer *m_server = nullptr;
    QPointer<QTcpSocket> m_client;
    PingScope::Protocol::StreamDecoder m_decoder;
    QString m_error;

    ProtocolVersion m_version = ProtocolVersion::V5;
    ProtocolVersion m_connectionVersion = ProtocolVersion::V5;
    std::variant<PingScope::Protocol::ConnackPacket, QByteArray> m_connack;
    bool m_answerPings = true;
    bool m_autoAck = true;
    bool m_closeOnDecodeError = true;

    int m_connectionCount = 0;
    QList<DecodedPacket> m_received;
    QByteArray m_bytes;
    DecodeError m_decodeError;
    // Per packet type: the index in m_received after the last packet waitForPacket() returned.
    QHash<quint8, qsizetype> m_waitPositions;
    // sendInPieces(): what is still to be sent, and how much at a time.
    QTimer *m_pieceTimer = nullptr;
    QByteArray m_pieces;
    int m_pieceSize = 1;
    // setKeepOlderConnections(): the passive older connections and the client IDs they
    // connected with, the current connection's client ID, and what a take-over sends.
    struct OlderConnection
    {
        QPointer<QTcpSocket> socket;
        QString clientId;
    };
    bool m_keepOlder = false;
    QByteArray m_takeOverBytes;
    QList<OlderConnection> m_older;
    QString m_clientId;
    int m_takeOverCount = 0;
};
