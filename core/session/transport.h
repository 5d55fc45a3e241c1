#pragma once

#include "monitor/linkendpoints.h"
#include "session/sessionsettings.h"

#include <QObject>
#include <QPointer>

class QSslError;
class QTcpSocket;

namespace PingScope {

// The byte pipe under a Session: a QTcpSocket, or a QSslSocket for TLS, plus the black-hole
// fault (bytes in both directions discarded while the socket stays open: a half-open link as
// both ends see it). It knows nothing of MQTT.
class Transport : public QObject
{
    Q_OBJECT

public:
    explicit Transport(QObject *parent = nullptr);
    ~Transport() override;

    // Starts connecting; opened() or failed() follows. TLS is verified unless
    // settings.tls.allowInsecure; then the errors it ignored are in ignoredTlsErrors().
    void open(const SessionSettings &settings);
    // Queues `bytes` (or discards them when black-holed). Returns false if not open.
    bool write(const QByteArray &bytes);
    // Closes after the queued bytes are written (DISCONNECT must reach the broker); closed()
    // follows. Falls back to abort() if the peer does not take them within `flushTimeoutMs`.
    void close(int flushTimeoutMs = 2000);
    // Closes at once, discarding what is queued; emits nothing.
    void abort();

    bool isOpen() const;
    bool isEncrypted() const;
    QString peerDescription() const; // "127.0.0.1:1883 (TLS)"
    // The socket's two ends while open (for captures); invalid otherwise.
    LinkEndpoints endpoints() const;
    QStringList ignoredTlsErrors() const { return m_ignoredTlsErrors; }

    void setBlackHoled(bool on) { m_blackHoled = on; }
    bool isBlackHoled() const { return m_blackHoled; }
    // Bytes discarded in each direction while black-holed.
    qint64 discardedIn() const { return m_discardedIn; }
    qint64 discardedOut() const { return m_discardedOut; }

Q_SIGNALS:
    void opened(); // TCP connected, or TLS handshake done and verified
    void bytesReceived(const QByteArray &bytes);
    // The peer closed the connection, or it broke, after opened(). `error` is empty for an
    // orderly close by the peer and after close().
    void closed(const QString &error);
    // Could not open: refused, unreachable, TLS verification failed (every error named).
    void failed(const QString &error);

private:
    void onConnected();
    void failLater(const QString &error);
    void lingerHalfOpen();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onSslErrors(const QList<QSslError> &errors);
    void finish(const QString &error);

    QPointer<QTcpSocket> m_socket;
    QString m_peer;
    bool m_tls = false;
    quint64 m_generation = 0;
    bool m_active = false; // between open() and closed()/failed()/abort()
    bool m_opened = false;
    bool m_closing = false;
    bool m_blackHoled = false;
    bool m_allowInsecure = false;
    qint64 m_discardedIn = 0;
    qint64 m_discardedOut = 0;
    QString m_tlsErrorText;
    QStringList m_ignoredTlsErrors;
};

} // namespace PingScope
