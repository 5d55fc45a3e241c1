#include "session.h"

#include "monitor/sessionhub.h"
#include "protocol/reasoncodes.h"
#include "protocol/streamdecoder.h"
#include "session/transport.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcSession, "pingscope.session")

namespace PingScope {

using namespace Protocol;

namespace {

// CONNACK refusals worth retrying: the broker is there but cannot take us just now.
bool isTransientRefusal(ProtocolVersion version, quint8 code)
{
    if (version != ProtocolVersion::V5)
        return code == 3;                                // Server unavailable
    return code == 0x88 || code == 0x89 || code == 0x97; // unavailable, busy, quota exceeded
}

QString refusalText(ProtocolVersion version, quint8 code)
{
    if (version == ProtocolVersion::V5)
        return reasonCodeText(PacketType::Connack, code);
    return QStringLiteral("%1 %2").arg(code).arg(connectReturnCodeName(code));
}

} // namespace

Session::Session(SessionHub *hub, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_clock(KeepAliveTimer::monotonicClock())
    , m_transport(new Transport(this))
    , m_decoder(std::make_unique<StreamDecoder>())
    , m_keepAliveTimer(new KeepAliveTimer(this))
    // Parented, so moveToThread() takes them along to the network thread (DESIGN "Threads").
    , m_connackTimer(this)
    , m_reconnectTimer(this)
{
    if (!m_hub) {
        m_ownHub = std::make_unique<SessionHub>();
        m_hub = m_ownHub.get();
    }
    m_id = m_hub->allocateSessionId();
    m_connackTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early: "no CONNACK within 0.5 s" after 0.475 s.
    m_connackTimer.setTimerType(Qt::PreciseTimer);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_connackTimer, &QTimer::timeout, this, &Session::onConnackTimeout);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &Session::startConnecting);
    connect(m_transport, &Transport::opened, this, &Session::onTransportOpened);
    connect(m_transport, &Transport::bytesReceived, this, &Session::onBytesReceived);
    connect(m_transport, &Transport::closed, this, &Session::onTransportClosed);
    connect(m_transport, &Transport::failed, this, &Session::onTransportFailed);
    connect(m_keepAliveTimer, &KeepAliveTimer::pingDue, this, &Session::onPingDue);
    connect(m_keepAliveTimer, &KeepAliveTimer::pingTimedOut, this, &Session::onPingTimedOut);
}

Session::~Session()
{
    m_hub->takeovers().sessionGone(m_id);
    m_hub->wills().clearWill(m_id);
    // The transport is a child: destroying it closes the socket without DISCONNECT, as a
    // crash would. Its signals must not reach a half-destroyed session.
    m_transport->disconnect(this);
}

void Session::setSettings(const SessionSettings &settings)
{
    // Taken over by the next open(): a live connection (and its reconnects) keeps the
    // settings it was opened with, so its version, broker and limits never change under it.
    m_requestedSettings = settings;
}

QString Session::clientId() const
{
    return m_settings.clientId.isEmpty() ? m_assignedClientId : m_settings.clientId;
}

bool Session::isBlackHoled() const
{
    return m_transport->isBlackHoled();
}

QStringList Session::ignoredTlsErrors() const
{
    return m_transport->ignoredTlsErrors();
}

LinkEndpoints Session::linkEndpoints() const
{
    return m_transport->endpoints();
}

QString Session::stateName() const
{
    switch (m_state) {
    case State::Disconnected:
        return isReconnectPending() ? tr("reconnecting") : tr("disconnected");
    case State::Connecting:
        return tr("connecting");
    case State::AwaitingConnack:
        return tr("awaiting CONNACK");
    case State::Connected:
        return tr("connected");
    case State::Disconnecting:
        return tr("disconnecting");
    }
    return QString();
}

QList<SettingsProblem> Session::open()
{
    const QList<SettingsProblem> problems = validateSettings(m_requestedSettings);
    if (!problems.isEmpty())
        return problems;
    if (m_state != State::Disconnected)
        return {{QString(), tr("the session is already %1").arg(stateName())}};
    // An ID the broker assigned belongs to that broker and to an empty configured ID.
    if (m_requestedSettings.brokerKey() != m_brokerKey || !m_requestedSettings.clientId.isEmpty())
        m_assignedClientId.clear();
    m_settings = m_requestedSettings;
    m_brokerKey = m_settings.brokerKey();
    m_reconnect.setSettings(m_settings.reconnect);
    m_reconnect.reset();
    m_reconnectTimer.stop();
    m_userClosing = false;
    m_stopReconnecting = false;
    m_hasConnected = false;
    startConnecting();
    return {};
}

void Session::startConnecting()
{
    if (m_state != State::Disconnected)
        return; // open() from a slot got here first
    resetConnectionState();
    const CurrentConnection current = currentConnection();
    setState(State::Connecting);
    if (!current.holds())
        return;
    recordLiveness(EventKind::Connecting,
                   QStringLiteral("%1:%2 (%3, %4)")
                       .arg(m_settings.host)
                       .arg(m_settings.port)
                       .arg(m_settings.tls.enabled ? QStringLiteral("TLS") : QStringLiteral("TCP"),
                            protocolVersionName(m_settings.version)));
    if (current.holds())
        m_transport->open(m_settings);
}

void Session::resetConnectionState()
{
    m_keepAliveTimer->stop();
    m_connackTimer.stop();
    DecodeOptions options;
    options.version = m_settings.version;
    options.sender = Sender::Server;
    // Refused as soon as its header is read, before its body is buffered (any version).
    options.maximumPacketSize = m_settings.effectiveMaximumPacketSize();
    m_decoder = std::make_unique<StreamDecoder>(options);
    m_limits = BrokerLimits();
    m_keepAlive = EffectiveKeepAlive();
    m_sessionPresent = false;
    ++m_connectionSerial;
}

void Session::onTransportOpened()
{
    if (m_state != State::Connecting)
        return;
    setState(State::AwaitingConnack);
    const QString id = clientId();
    m_hub->takeovers().connectSent(m_id, m_brokerKey, id, m_clock());
    if (!sendPacket(buildConnectPacket(m_settings, id))) {
        dropLink();
        connectionLost(tr("the CONNECT could not be sent"), false);
        return;
    }
    m_connackTimer.start(m_settings.connackTimeoutMs);
}

void Session::onConnackTimeout()
{
    if (m_state != State::AwaitingConnack)
        return;
    const QString message =
        tr("no CONNACK within %1 s: the broker accepted the connection but never answered")
            .arg(m_settings.connackTimeoutMs / 1000.0);
    const CurrentConnection current = currentConnection();
    recordLiveness(EventKind::Error, message);
    if (!current.holds())
        return;
    dropLink();
    connectionLost(message, m_hasConnected);
}

void Session::handleConnack(const ConnackPacket &connack)
{
    m_connackTimer.stop();
    const ProtocolVersion version = m_settings.version;
    if (connack.reasonCode != 0) {
        const QString message = tr("the broker refused the connection: %1")
                                    .arg(refusalText(version, connack.reasonCode));
        const CurrentConnection current = currentConnection();
        recordLiveness(EventKind::Error, message);
        if (!current.holds())
            return;
        dropLink();
        connectionLost(message, isTransientRefusal(version, connack.reasonCode));
        return;
    }
    if (connack.sessionPresent && m_settings.cleanStart) {
        // 3.1.1 [MQTT-3.2.2-1], 5.0 [MQTT-3.2.2-2]: a clean start never has a session.
        protocolViolation(tr("CONNACK says a session is present although the client asked for "
                             "a clean start [MQTT-3.2.2-2]"),
                          ReasonCode::ProtocolError);
        return;
    }
    m_sessionPresent = connack.sessionPresent;
    std::optional<quint32> serverKeepAlive;
    if (version == ProtocolVersion::V5) {
        m_limits = BrokerLimits::fromConnack(connack);
        serverKeepAlive = connack.properties.integer(PropertyId::ServerKeepAlive);
        if (auto assigned = connack.properties.string(PropertyId::AssignedClientIdentifier))
            m_assignedClientId = *assigned;
    }
    m_keepAlive = effectiveKeepAlive(quint16(m_settings.keepAliveSeconds), serverKeepAlive);
    m_keepAliveTimer->start(m_keepAlive.seconds, m_settings.pingTimeoutMs);
    m_keepAliveTimer->setPaused(m_pingsPaused);
    m_outgoing.setSendQuota(version == ProtocolVersion::V5 ? m_limits.receiveMaximum
                                                           : quint16(m_settings.maximumInFlight));
    m_reconnect.reset();
    m_hasConnected = true;
    WillTracker &wills = m_hub->wills();
    if (m_settings.will)
        wills.setWill(m_id, m_brokerKey, m_settings.will->topic);
    else
        wills.clearWill(m_id);
    wills.linkUp(m_id);

    // All bookkeeping, and the resend, before anyone hears "connected": a receiver may
    // publish or subscribe at once, and its packets must neither be undone by the clean-up
    // below nor overtake what the broker is owed first. The resend records events too, so
    // a receiver of those may already have closed or reopened the session.
    const CurrentConnection current = currentConnection();
    QList<PublishPacket> lost;
    QList<quint16> refused; // resends the new CONNACK's limits forbid (Maximum Packet Size)
    if (m_sessionPresent) {
        // [MQTT-4.4.0-1]: resend what the broker has not acknowledged, in order, DUP set.
        for (const Packet &packet : m_outgoing.resendForResume()) {
            const bool sent = sendPacket(packet);
            if (!current.holds())
                return;
            if (sent)
                continue;
            // Refused (the error event says why): end its flow rather than wait for an ack
            // that cannot come, as flushOutgoing() does.
            const auto *publish = std::get_if<PublishPacket>(&packet);
            const quint16 id = publish ? publish->packetId : std::get<AckPacket>(packet).packetId;
            m_outgoing.abandon(id);
            refused.append(id);
        }
    } else {
        lost = m_outgoing.discardInFlight();
        m_incomingQos2.clear();
    }

    m_hub->takeovers().connected(m_id); // the broker is there: no take-over to retract
    setState(State::Connected);
    if (!current.holds())
        return;
    Event event;
    event.kind = EventKind::Connected;
    event.keepAlive = m_keepAlive.seconds;
    event.keepAliveFromServer = m_keepAlive.source == KeepAliveSource::Server;
    event.text = clientId();
    record(std::move(event));
    if (!lost.isEmpty() && current.holds())
        recordLiveness(EventKind::Error,
                       tr("%n unacknowledged QoS 1/2 message(s) discarded: the broker did not "
                          "resume the session",
                          nullptr, int(lost.size())));
    for (const PublishPacket &message : lost) {
        if (!current.holds())
            return;
        Q_EMIT publishCompleted(message.packetId, ReasonCode::UnspecifiedError);
    }
    for (const quint16 id : std::as_const(refused)) {
        if (!current.holds())
            return;
        Q_EMIT publishCompleted(id, ReasonCode::UnspecifiedError);
    }
    if (current.holds())
        flushOutgoing();
}

void Session::close(quint8 reasonCode)
{
    m_userClosing = true;
    const bool wasReconnecting = m_reconnectTimer.isActive();
    m_reconnectTimer.stop();
    switch (m_state) {
    case State::Disconnected:
        if (wasReconnecting)
            recordLiveness(EventKind::Disconnected, tr("reconnecting cancelled"));
        return;
    case State::Disconnecting:
        return;
    case State::Connecting:
    case State::AwaitingConnack:
        dropLink();
        connectionLost(tr("connecting cancelled"), false);
        return;
    case State::Connected:
        break;
    }
    DisconnectPacket disconnect;
    if (m_settings.version == ProtocolVersion::V5)
        disconnect.reasonCode = reasonCode;
    // The broker discards the will on this DISCONNECT (3.1.1 [MQTT-3.14.4-3]: any; 5.0:
    // 0x00), so a later message on that topic is not this session's will.
    if (disconnect.reasonCode != ReasonCode::DisconnectWithWillMessage)
        m_hub->wills().clearWill(m_id);
    sendPacket(disconnect);
    m_keepAliveTimer->stop();
    setState(State::Disconnecting);
    m_transport->close(); // the DISCONNECT is flushed before the socket closes
}

void Session::onTransportClosed(const QString &error)
{
    if (m_state == State::AwaitingConnack || m_state == State::Connected) {
        // What arrived before the close is handled first, in order: a burst still being
        // worked through a slice at a time may end with the broker's DISCONNECT. The acks
        // it calls for cannot be sent any more, which is no error of its own: the broker
        // resends what it is owed when the session resumes.
        const CurrentConnection current = currentConnection();
        m_linkGone = true;
        processReceived(Budget::All);
        m_linkGone = false;
        if (!current.holds())
            return;
    }
    switch (m_state) {
    case State::Disconnected:
        return;
    case State::Disconnecting:
        connectionLost(tr("disconnected by the client"), false);
        return;
    case State::Connecting:
    case State::AwaitingConnack:
    case State::Connected:
        break;
    }
    // Like onTransportFailed(): a first attempt the broker ends before its CONNACK (a TLS 1.3
    // alert for a missing client certificate arrives only after the handshake) is reported,
    // not retried; once connected, every loss is.
    const CurrentConnection current = currentConnection();
    // A packet cut short is worth saying: the broker crashed mid-write, or is broken.
    const qsizetype unfinished = m_decoder->bufferedBytes();
    const QString cutShort =
        unfinished == 0 ? QString()
                        : tr(", in the middle of a packet (%n byte(s) of it had arrived)", nullptr,
                             int(std::min<qsizetype>(unfinished, std::numeric_limits<int>::max())));
    if (!error.isEmpty()) {
        recordLiveness(EventKind::Error, tr("connection lost: %1").arg(error) + cutShort);
        if (current.holds())
            connectionLost(error, m_hasConnected);
        return;
    }
    if (m_state != State::Connected) {
        // Keep-alive was not running yet, so there is nothing to diagnose: no take-over
        // inference from a link that never came up.
        const QString message =
            tr("the broker closed the connection before its CONNACK") + cutShort;
        recordLiveness(EventKind::Error, message);
        if (current.holds())
            connectionLost(message, m_hasConnected);
        return;
    }
    if (unfinished > 0) {
        recordLiveness(EventKind::Error, tr("the broker closed the connection") + cutShort);
        if (!current.holds())
            return;
    }
    recordClosedByBroker();
    if (current.holds())
        connectionLost(tr("closed by the broker"), true);
}

void Session::onTransportFailed(const QString &error)
{
    if (m_state != State::Connecting)
        return;
    const CurrentConnection current = currentConnection();
    recordLiveness(EventKind::Error, tr("could not connect: %1").arg(error));
    if (!current.holds())
        return;
    // A client that took our ID over leaves the broker accepting connections; one that
    // refuses us now went away: the close that looked like a take-over was not one.
    if (m_hub->takeovers().reconnectFailed(m_id, m_clock())) {
        recordLiveness(EventKind::TakeoverRetracted,
                       tr("not a take-over: the broker could not be reached again (%1), so it went "
                          "away (a restart, a shutdown, the network)")
                           .arg(error));
        if (!current.holds())
            return;
    }
    // A first attempt that fails is reported, not retried (a typo in the host should not
    // spin); once connected, a broker restarting refuses us for a while: keep trying.
    connectionLost(error, m_hasConnected);
}

void Session::dropLink()
{
    m_transport->abort();
}

void Session::connectionLost(const QString &reason, bool mayReconnect)
{
    m_keepAliveTimer->stop();
    m_connackTimer.stop();
    ++m_connectionSerial; // work still under way for the lost connection stops here
    if (m_state != State::Connected)
        m_hub->takeovers().forget(m_id); // a CONNECT that failed takes no one over
    m_hub->wills().linkLost(m_id, m_clock());
    // Decided and armed before anyone hears of the loss: a receiver that calls open() or
    // close() stops this timer, and its decision stands.
    const bool reconnect =
        mayReconnect && m_settings.reconnect.enabled && !m_userClosing && !m_stopReconnecting;
    const int delayMs =
        reconnect ? m_reconnect.nextDelayMs(QRandomGenerator::global()->generateDouble()) : -1;
    if (reconnect)
        m_reconnectTimer.start(delayMs);
    const QHash<quint16, PendingRequest> abandoned = std::exchange(m_pendingRequests, {});
    for (auto it = abandoned.cbegin(); it != abandoned.cend(); ++it)
        m_outgoing.releaseId(it.key()); // a SUBSCRIBE is never resent, even on resume

    const CurrentConnection current = currentConnection();
    setState(State::Disconnected);
    if (!current.holds())
        return;
    recordLiveness(EventKind::Disconnected, reason);
    if (reconnect && current.holds())
        recordLiveness(EventKind::Reconnecting, reason, qint64(delayMs) * 1'000'000);
    // The requests that will never be answered, so callers waiting for them learn it.
    for (auto it = abandoned.cbegin(); it != abandoned.cend() && current.holds(); ++it) {
        const QList<quint8> failed(it->filters.size(), ReasonCode::UnspecifiedError);
        if (it->type == PacketType::Subscribe)
            Q_EMIT subscribeCompleted(it.key(), failed);
        else
            Q_EMIT unsubscribeCompleted(it.key(), failed);
    }
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    qCDebug(lcSession, "session %d (%s): %s", m_id, qPrintable(m_brokerKey),
            qPrintable(stateName()));
    Q_EMIT stateChanged(state);
}

} // namespace PingScope
