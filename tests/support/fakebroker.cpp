#include "fakebroker.h"

#include "protocol/reasoncodes.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <utility>

#include <sys/socket.h>

using namespace PingScope::Protocol;

FakeBroker::FakeBroker(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeBroker::acceptConnections);
}

FakeBroker::~FakeBroker()
{
    // Disconnected first: a dying broker must not call back into a half-destroyed test.
    if (m_client) {
        disconnect(m_client, nullptr, this, nullptr);
        m_client->abort();
    }
    for (const OlderConnection &older : std::as_const(m_older)) {
        if (older.socket) {
            disconnect(older.socket, nullptr, this, nullptr);
            older.socket->abort();
        }
    }
    m_server->close();
}

bool FakeBroker::listen()
{
    if (m_server->isListening())
        return true;
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        m_error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 FakeBroker::port() const
{
    return m_server->serverPort();
}

bool FakeBroker::hasClient() const
{
    return m_client && m_client->state() == QAbstractSocket::ConnectedState;
}

DecodeOptions FakeBroker::decodeOptions() const
{
    DecodeOptions options;
    options.version = m_connectionVersion;
    // Sender Client: the broker's view, so a client sending CONNACK or a server-only
    // DISCONNECT reason is caught as the violation it is.
    options.sender = Sender::Client;
    return options;
}

void FakeBroker::acceptConnections()
{
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        ++m_connectionCount;
        if (m_client && m_keepOlder) {
            keepAsOlder(m_client);
        } else if (m_client) {
            // The newest connection wins, like a reconnecting client expects; the old one
            // is simply closed (a test wanting a DISCONNECT first sends it itself).
            QTcpSocket *old = m_client;
            disconnect(old, nullptr, this, nullptr);
            old->close();
            old->deleteLater();
        }
        m_client = socket;
        m_clientId.clear();
        m_connectionVersion = m_version;
        m_decoder.reset();
        m_decoder.setOptions(decodeOptions());
        m_bytes.clear();
        m_decodeError = DecodeError();
        connect(socket, &QTcpSocket::readyRead, this, &FakeBroker::readClient);
        connect(socket, &QTcpSocket::disconnected, this, &FakeBroker::clientGone);
        Q_EMIT clientConnected();
    }
}

void FakeBroker::readClient()
{
    if (!m_client)
        return;
    const QByteArray chunk = m_client->readAll();
    m_bytes += chunk;
    if (m_decodeError.isError())
        return; // the stream is failed: keep the bytes for the test, decode nothing more
    m_decoder.feed(chunk);
    while (auto decoded = m_decoder.next()) {
        handlePacket(*decoded);
        if (!m_client)
            return; // a slot connected to packetReceived closed the connection
    }
    if (m_decoder.hasError()) {
        m_decodeError = m_decoder.error();
        Q_EMIT decodeFailed(m_decodeError);
        if (m_closeOnDecodeError)
            closeClient();
    }
}

void FakeBroker::clientGone()
{
    auto *socket = qobject_cast<QTcpSocket *>(sender());
    if (!socket || socket != m_client)
        return;
    m_client.clear();
    socket->deleteLater();
    Q_EMIT clientDisconnected();
}

void FakeBroker::handlePacket(const DecodedPacket &decoded)
{
    if (const auto *connectPacket = std::get_if<ConnectPacket>(&decoded.packet)) {
        // From here on this connection speaks the CONNECT's version.
        m_connectionVersion = connectPacket->protocolVersion;
        m_decoder.setOptions(decodeOptions());
        m_clientId = connectPacket->clientId;
        if (m_keepOlder)
            takeOver(m_clientId);
    }
    m_received.append(decoded);
    Q_EMIT packetReceived(decoded);
    if (m_client)
        autoReply(decoded.packet);
}

void FakeBroker::autoReply(const Packet &packet)
{
    if (packetIs<ConnectPacket>(packet)) {
        if (const auto *bytes = std::get_if<QByteArray>(&m_connack))
            send(*bytes); // empty: the script is to never answer
        else
            sendPacket(std::get<ConnackPacket>(m_connack));
        return;
    }
    if (packetIs<PingreqPacket>(packet)) {
        if (m_answerPings)
            sendEncoded(PingrespPacket{});
        return;
    }
    if (!m_autoAck)
        return;

    const auto ack = [](PacketType type, quint16 packetId) {
        AckPacket reply;
        reply.type = type;
        reply.packetId = packetId;
        return reply;
    };
    if (const auto *publish = std::get_if<PublishPacket>(&packet)) {
        if (publish->qos == 1)
            sendEncoded(ack(PacketType::Puback, publish->packetId));
        else if (publish->qos == 2)
            sendEncoded(ack(PacketType::Pubrec, publish->packetId));
    } else if (const auto *received = std::get_if<AckPacket>(&packet)) {
        if (received->type == PacketType::Pubrel)
            sendEncoded(ack(PacketType::Pubcomp, received->packetId));
        else if (received->type == PacketType::Pubrec)
            sendEncoded(ack(PacketType::Pubrel, received->packetId));
    } else if (const auto *subscribe = std::get_if<SubscribePacket>(&packet)) {
        SubackPacket suback;
        suback.packetId = subscribe->packetId;
        // Granted QoS 0/1/2 have the same values in 3.1.1 return codes and 5.0 reason codes.
        for (const Subscription &subscription : subscribe->subscriptions)
            suback.reasonCodes.append(subscription.qos);
        sendEncoded(suback);
    } else if (const auto *unsubscribe = std::get_if<UnsubscribePacket>(&packet)) {
        UnsubackPacket unsuback;
        unsuback.packetId = unsubscribe->packetId;
        if (m_connectionVersion == ProtocolVersion::V5) {
            for (qsizetype i = 0; i < unsubscribe->topicFilters.size(); ++i)
                unsuback.reasonCodes.append(ReasonCode::Success);
        }
        sendEncoded(unsuback);
    }
}

void FakeBroker::sendEncoded(const Packet &packet)
{
    // Automatic replies are meant to be correct: encode them checked, so a mistake here shows
    // as a warning rather than as a puzzling client failure.
    QString error;
    const QByteArray bytes = encodePacket(packet, m_connectionVersion, &error);
    if (bytes.isEmpty()) {
        qWarning("FakeBroker: cannot encode an automatic reply: %s", qPrintable(error));
        return;
    }
    send(bytes);
}

bool FakeBroker::send(const QByteArray &bytes)
{
    if (!hasClient())
        return false;
    if (bytes.isEmpty())
        return true;
    return m_client->write(bytes) == bytes.size();
}

bool FakeBroker::sendPacket(const Packet &packet, QString *error)
{
    if (!hasClient()) {
        if (error)
            *error = QStringLiteral("no client is connected");
        return false;
    }
    const QByteArray bytes = encodePacketUnchecked(packet, m_connectionVersion, error);
    if (bytes.isEmpty())
        return false;
    return send(bytes);
}

void FakeBroker::closeClient()
{
    // disconnectFromHost() writes what send() queued before closing; `disconnected` (and so
    // clientDisconnected) follows once the socket is closed.
    if (m_client)
        m_client->disconnectFromHost();
}

void FakeBroker::abortClient()
{
    if (!m_client)
        return;
    QTcpSocket *socket = m_client;
    m_client.clear();
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
    Q_EMIT clientDisconnected();
}

bool FakeBroker::halfClose()
{
    if (!hasClient())
        return false;
    // What send() queued goes before the FIN: the kernel takes a few bytes without waiting.
    while (m_client->bytesToWrite() > 0) {
        if (!m_client->waitForBytesWritten(1000))
            return false;
    }
    return ::shutdown(int(m_client->socketDescriptor()), SHUT_WR) == 0;
}

bool FakeBroker::sendInPieces(const QByteArray &bytes, int pieceSize, int intervalMs)
{
    if (!hasClient() || pieceSize < 1)
        return false;
    m_client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_pieces += bytes;
    m_pieceSize = pieceSize;
    if (!m_pieceTimer) {
        m_pieceTimer = new QTimer(this);
        connect(m_pieceTimer, &QTimer::timeout, this, [this] {
            if (m_pieces.isEmpty() || !hasClient()) {
                m_pieces.clear();
                m_pieceTimer->stop();
                return;
            }
            send(m_pieces.first(std::min<qsizetype>(m_pieceSize, m_pieces.size())));
            m_client->flush();
            m_pieces.remove(0, m_pieceSize);
        });
    }
    m_pieceTimer->start(intervalMs);
    return true;
}

bool FakeBroker::waitForPiecesSent(int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_pieces.isEmpty(); }, timeoutMs);
}

bool FakeBroker::waitForPacket(PacketType type, int timeoutMs, DecodedPacket *out)
{
    const quint8 key = quint8(type);
    qsizetype found = -1;
    const auto arrived = [&] {
        for (qsizetype i = m_waitPositions.value(key, 0); i < m_received.size(); ++i) {
            if (m_received.at(i).type() == type) {
                found = i;
                return true;
            }
        }
        return false;
    };
    if (!QTest::qWaitFor(arrived, timeoutMs))
        return false;
    m_waitPositions.insert(key, found + 1);
    if (out)
        *out = m_received.at(found);
    return true;
}

bool FakeBroker::waitForConnections(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_connectionCount >= count; }, timeoutMs);
}

bool FakeBroker::waitForClientClosed(int timeoutMs)
{
    return QTest::qWaitFor([&] { return !m_client; }, timeoutMs);
}

bool FakeBroker::waitForDecodeError(int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_decodeError.isError(); }, timeoutMs);
}

void FakeBroker::clearReceived()
{
    m_received.clear();
    m_bytes.clear();
    m_waitPositions.clear();
}

void FakeBroker::setKeepOlderConnections(bool keep, const QByteArray &takeOverBytes)
{
    m_keepOlder = keep;
    m_takeOverBytes = takeOverBytes;
}

void FakeBroker::keepAsOlder(QTcpSocket *socket)
{
    // Passive from now on: nothing it sends is read, and its end is nobody's business but
    // its own (clientDisconnected() is about the current connection).
    disconnect(socket, nullptr, this, nullptr);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    m_older.append({socket, m_clientId});
}

void FakeBroker::takeOver(const QString &clientId)
{
    if (clientId.isEmpty())
        return; // 5.0 lets the broker assign an ID: a new one never collides
    m_older.removeIf([](const OlderConnection &older) { return older.socket.isNull(); });
    for (qsizetype i = m_older.size() - 1; i >= 0; --i) {
        QTcpSocket *socket = m_older.at(i).socket;
        if (m_older.at(i).clientId != clientId)
            continue;
        m_older.removeAt(i);
        ++m_takeOverCount;
        if (socket->state() != QAbstractSocket::ConnectedState)
            continue;
        if (!m_takeOverBytes.isEmpty())
            socket->write(m_takeOverBytes);
        socket->disconnectFromHost(); // what was written goes out first
    }
}
