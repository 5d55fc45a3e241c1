#pragma once

#include "monitor/event.h"
#include "monitor/linkendpoints.h"

#include <QDateTime>
#include <QHash>
#include <QString>

class QIODevice;

namespace PingScope {

// Writes a session's MQTT traffic as a classic pcap file (linktype Ethernet) that Wireshark
// and tshark read as MQTT (`tshark -r F -d tcp.port==PORT,mqtt`): each packet event's raw
// bytes (passwords already masked) go into synthesized Ethernet / IPv4 or IPv6 / TCP
// headers with the connection's real addresses and ports, correct checksums, and sequence
// and acknowledgement numbers that follow the bytes, so TCP analysis finds nothing missing.
// Each connection opens with a three-way handshake and ends with a FIN exchange. One writer
// takes several connections: one after the other (reconnects: a new client port each time),
// and side by side for several sessions, each event going to its Event::session's connection.
// A connection begun for session 0 takes the events of any session without one of its own.
//
// A write that fails (disk full, ...) sets hasError() and stops all further writing.
class PcapWriter
{
public:
    explicit PcapWriter(QIODevice *device); // not owned; must be open for writing

    // The wall-clock time at which the events' monotonic clock read `monotonicNs`; without
    // it, packets are dated monotonic time after the epoch (1970).
    void setClockOrigin(qint64 monotonicNs, const QDateTime &wallClock);

    // The pcap global header. Called by beginConnection() if not called before.
    bool writeFileHeader();
    // SYN, SYN/ACK, ACK at `timeNs` (Event::timeNs clock). Ends the session's open
    // connection first, if any. False if the endpoints are invalid or the write failed.
    bool beginConnection(const LinkEndpoints &endpoints, qint64 timeNs, int session = 0);
    // One packet event as one or more TCP segments: Sent goes client -> broker, Received
    // broker -> client. Other events, and packets outside a connection, are ignored (false).
    bool writePacket(const Event &event);
    // FIN/ACK both ways and the last ACK; `closedBy` (Sent: the client) sends the first FIN.
    void endConnection(qint64 timeNs, Direction closedBy = Direction::Sent, int session = 0);
    // Forgets `session`'s connection without writing anything: a link that went silent
    // (black hole) never showed a FIN on the wire.
    void abandonConnection(int session = 0) { m_connections.remove(session); }

    bool hasConnection(int session = 0) const { return m_connections.contains(session); }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qint64 packetsWritten() const { return m_records; } // pcap records, handshakes included

    // Payload bytes per TCP segment: larger MQTT packets are split.
    static constexpr int MaximumSegmentSize = 65000;

private:
    struct Flow
    {
        quint32 nextSeq = 0;
        quint32 unacked = 0; // bytes the other end has not acknowledged yet
        quint16 ipId = 0;
    };
    struct Connection
    {
        LinkEndpoints endpoints;
        bool ipv6 = false;
        QByteArray clientIp; // 4 or 16 bytes, network order
        QByteArray brokerIp;
        Flow client;
        Flow broker;
    };
    void writeSegment(Connection &connection, bool fromClient, quint8 flags, const char *data,
                      int size, qint64 timeNs);
    bool writeBytes(const QByteArray &bytes);

    QIODevice *m_device;
    qint64 m_originMonotonicNs = 0;
    qint64 m_originWallNs = 0;
    qint64 m_lastWallNs = 0;
    bool m_headerWritten = false;
    QHash<int, Connection> m_connections; // by session
    qint64 m_records = 0;
    QString m_error;
};

} // namespace PingScope
