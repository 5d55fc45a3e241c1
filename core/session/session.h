#pragma once

#include "monitor/event.h"
#include "monitor/linkendpoints.h"
#include "monitor/takeovertracker.h"
#include "protocol/codec.h"
#include "session/brokerlimits.h"
#include "session/keepalivetimer.h"
#include "session/outgoingflows.h"
#include "session/reconnectpolicy.h"
#include "session/sessionsettings.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace PingScope {

namespace Protocol {
class StreamDecoder;
}
class SessionHub;
class Transport;

// One MQTT connection to one broker, and what PingScope sees of it. A state machine over a
// Transport: CONNECT/CONNACK, keep-alive (KeepAliveTimer), the QoS flows, DISCONNECT,
// auto-reconnect, and fault injection. Every packet sent or received becomes one Event, and
// so does every conclusion about the link (ping-timeout, closed-by-broker, taken-over, ...),
// all emitted through eventRecorded().
//
// Receivers of its signals may call close() or open(); to get rid of a Session from one of
// its own signals, use deleteLater(): its socket may be mid-signal.
class Session : public QObject
{
    Q_OBJECT

public:
    enum class State { Disconnected, Connecting, AwaitingConnack, Connected, Disconnecting };
    Q_ENUM(State)

    // The result of a request to send: the packet ID it uses, or why it was refused.
    struct SendResult
    {
        bool ok = false;
        quint16 packetId = 0;
        QString error;
    };

    // `hub` links the sessions of a process (take-over, wills); nullptr: a private one.
    explicit Session(SessionHub *hub = nullptr, QObject *parent = nullptr);
    ~Session() override;

    int id() const { return m_id; }
    // Used from the next open() on; a live connection keeps the settings it was opened with.
    void setSettings(const SessionSettings &settings);
    const SessionSettings &settings() const { return m_requestedSettings; }

    // Validates the settings and starts connecting. Returns the problems (nothing happens)
    // or an empty list.
    QList<SettingsProblem> open();
    // Normal DISCONNECT (0x00; the will is discarded) or, in 5.0, 0x04 (the will is still
    // published). The bytes are flushed before the socket closes. Stops reconnecting.
    void close(quint8 reasonCode = Protocol::ReasonCode::Success);

    SendResult publish(Protocol::PublishPacket message);
    SendResult subscribe(const QList<Protocol::Subscription> &subscriptions,
                         const Protocol::Properties &properties = {});
    SendResult unsubscribe(const QStringList &topicFilters,
                           const Protocol::Properties &properties = {});
    // "Ping now"; false when keep-alive is off, paused, or a ping is already outstanding.
    bool pingNow();
    void injectFault(FaultKind fault);

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    QString stateName() const;
    Protocol::ProtocolVersion version() const { return m_settings.version; }
    // The client ID in use: the configured one, or the 5.0 Assigned Client Identifier.
    QString clientId() const;
    EffectiveKeepAlive keepAlive() const { return m_keepAlive; }
    const KeepAlive &keepAliveEngine() const { return m_keepAliveTimer->engine(); }
    const BrokerLimits &brokerLimits() const { return m_limits; }
    bool sessionPresent() const { return m_sessionPresent; }
    bool isBlackHoled() const;
    // When the broker may drop this client: 1.5 x keep-alive after the last packet that
    // reached it ([MQTT-3.1.2-24]); -1 without keep-alive. In a black hole the client still
    // sends (its PINGREQ, say) but nothing arrives, so the deadline stays where the black
    // hole began, while keepAliveEngine() counts those sends.
    qint64 brokerDeadlineNs() const;
    bool arePingsPaused() const { return m_pingsPaused; }
    bool isReconnectPending() const { return m_reconnectTimer.isActive(); }
    int inFlight() const { return m_outgoing.inFlight(); }
    int queued() const { return m_outgoing.queued(); }
    qint64 now() const { return m_clock(); }
    QStringList ignoredTlsErrors() const;
    // The TCP connection's two ends while the socket is open; invalid otherwise.
    LinkEndpoints linkEndpoints() const;

Q_SIGNALS:
    void stateChanged(PingScope::Session::State state);
    void eventRecorded(const PingScope::Event &event);
    // A PUBLISH to deliver to the user (QoS 2 duplicates are not delivered twice).
    void messageReceived(const PingScope::Protocol::PublishPacket &message);
    // A QoS 1/2 flow ended: PUBACK, PUBCOMP, or a refusal (reasonCode >= 0x80).
    void publishCompleted(quint16 packetId, quint8 reasonCode);
    void subscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes);
    void unsubscribeCompleted(quint16 packetId, const QList<quint8> &reasonCodes);

private:
    // Connection life (session.cpp)
    void startConnecting();
    void onTransportOpened();
    void onTransportClosed(const QString &error);
    void onTransportFailed(const QString &error);
    void onConnackTimeout();
    void handleConnack(const Protocol::ConnackPacket &connack);
    void handleServerDisconnect(const Protocol::DisconnectPacket &packet);
    void connectionLost(const QString &reason, bool mayReconnect);
    void dropLink(); // closes the socket at once, without DISCONNECT
    void setState(State state);
    void resetConnectionState();

    // Incoming (sessionincoming.cpp)
    enum class Budget { OneSlice, All };
    void onBytesReceived(const QByteArray &bytes);
    // Handles the packets decoded so far: a slice of them, the rest in a later turn of the
    // event loop, or (before concluding the link is gone) all of them.
    void processReceived(Budget budget);
    void scheduleProcessing();
    void handlePacket(Protocol::DecodedPacket &decoded);
    void protocolViolation(const QString &message, quint8 reasonCode);

    // Traffic (sessiontraffic.cpp)
    void handlePublish(const Protocol::PublishPacket &publish);
    void handleAck(const Protocol::AckPacket &ack);
    bool sendPacket(const Protocol::Packet &packet, qint64 pingLatenessNs = -1);
    bool sendRaw(const QByteArray &bytes, Protocol::PacketType type, qint64 valueNs = -1);
    void flushOutgoing();
    void onPingDue();
    void onPingTimedOut();

    // Liveness (sessionliveness.cpp)
    void recordClosedByBroker();
    void recordTakenOver(); // the broker said so: DISCONNECT 0x8E
    void recordTakeoverVerdict(const TakeoverTracker::Verdict &verdict, quint8 reasonCode);
    void recordWillIfAny(const Protocol::PublishPacket &publish);
    void recordLiveness(EventKind kind, const QString &text, qint64 valueNs = -1);
    void record(Event event);
    bool wasLinkHealthy() const;

    SessionHub *m_hub;
    std::unique_ptr<SessionHub> m_ownHub;
    int m_id;
    KeepAliveTimer::Clock m_clock;
    SessionSettings m_requestedSettings; // setSettings(), taken by open()
    SessionSettings m_settings;          // the connection's, since open()
    QString m_brokerKey;                 // m_settings.brokerKey(), read per message
    State m_state = State::Disconnected;
    Transport *m_transport;
    std::unique_ptr<Protocol::StreamDecoder> m_decoder;
    KeepAliveTimer *m_keepAliveTimer;
    QTimer m_connackTimer;
    QTimer m_reconnectTimer;
    ReconnectPolicy m_reconnect;
    OutgoingFlows m_outgoing;
    IncomingQos2 m_incomingQos2;
    struct PendingRequest
    {
        Protocol::PacketType type; // SUBSCRIBE or UNSUBSCRIBE
        QStringList filters;       // one reason code each in the SUBACK/UNSUBACK
    };
    QHash<quint16, PendingRequest> m_pendingRequests;
    BrokerLimits m_limits;
    EffectiveKeepAlive m_keepAlive;
    QString m_assignedClientId;
    bool m_sessionPresent = false;
    bool m_userClosing = false; // close() or a Drop fault: no reconnect
    bool m_stopReconnecting = false;
    qint64 m_blackHoleDeadlineNs = -1; // brokerDeadlineNs() when the black hole began
    bool m_pingsPaused = false;
    bool m_hasConnected = false;        // since open(): failures to reconnect are retried
    bool m_processingScheduled = false; // processReceived() is posted for a later turn
    bool m_linkGone = false; // handling what arrived before the close: nothing can be sent
    // Bumped whenever a connection starts or ends. Code that emits a signal checks it
    // afterwards: a receiver may have closed, reopened or (with deleteLater) dropped the
    // session, and the rest of the work belongs to a connection that is gone.
    quint64 m_connectionSerial = 0;
    struct CurrentConnection
    {
        QPointer<const Session> session;
        quint64 serial;
        bool holds() const { return session && session->m_connectionSerial == serial; }
    };
    CurrentConnection currentConnection() const { return {this, m_connectionSerial}; }
};

} // namespace PingScope
