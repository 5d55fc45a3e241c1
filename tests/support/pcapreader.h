#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QStringList>

// A small pcap reader of the tests' own (not PcapWriter's code), to check what Wireshark
// would: the global header, each record's lengths, the IPv4 header and TCP checksums, and
// sequence and acknowledgement numbers that continue per direction.
namespace PcapReading {

struct Segment
{
    qint64 wallNs = 0;
    bool ipv6 = false;
    QHostAddress source;
    QHostAddress destination;
    quint16 sourcePort = 0;
    quint16 destinationPort = 0;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    QByteArray payload;
};

enum : quint8 { Fin = 0x01, Syn = 0x02, Psh = 0x08, Ack = 0x10 };

struct Capture
{
    QStringList problems;
    QList<Segment> segments;
};

// Reads a whole nanosecond pcap file of Ethernet / IPv4 or IPv6 / TCP frames.
Capture readCapture(const QByteArray &file);

// Checks one connection's segments (its handshake first, its FIN exchange last, nothing
// else): sequence and acknowledgement numbers continue per direction; returns the payloads
// per direction (client to broker, broker to client) or adds to `problems`.
QPair<QByteArray, QByteArray> followConnection(const QList<Segment> &segments,
                                               QStringList &problems);

} // namespace PcapReading
