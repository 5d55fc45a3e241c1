#include "monitor/pcapwriter.h"

#include <QIODevice>
#include <QtEndian>

#include <algorithm>

namespace PingScope {

namespace {

// The nanosecond variant of the classic format (magic 0xa1b23c4d): events carry nanoseconds,
// and a PINGREQ/PINGRESP on loopback is a few tens of microseconds apart, which microseconds
// would round to a coarse staircase. libpcap >= 1.5, Wireshark and tshark all read it.
constexpr quint32 NanosecondMagic = 0xa1b23c4d;
constexpr quint32 SnapLength = 262144;
constexpr quint32 LinkTypeEthernet = 1;
constexpr quint32 Window = 65535; // no window scaling is negotiated

enum TcpFlag : quint8 { Fin = 0x01, Syn = 0x02, Psh = 0x08, Ack = 0x10 };

// Locally administered MAC addresses: there is no real link layer to report.
constexpr char ClientMac[] = "\x02\x00\x00\x00\x00\x01";
constexpr char BrokerMac[] = "\x02\x00\x00\x00\x00\x02";

void put16(QByteArray &out, quint16 value)
{
    out.append(char(value >> 8));
    out.append(char(value));
}

void put32(QByteArray &out, quint32 value)
{
    put16(out, quint16(value >> 16));
    put16(out, quint16(value));
}

void putLe32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToLittleEndian(value, bytes);
    out.append(bytes, 4);
}

// The sum of big-endian 16-bit words (RFC 1071), not yet folded.
quint64 wordSum(const char *data, qsizetype size, quint64 sum = 0)
{
    const auto *bytes = reinterpret_cast<const uchar *>(data);
    qsizetype i = 0;
    for (; i + 1 < size; i += 2)
        sum += quint32(bytes[i]) << 8 | bytes[i + 1];
    if (i < size)
        sum += quint32(bytes[i]) << 8;
    return sum;
}

quint16 foldedComplement(quint64 sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

void setChecksum(QByteArray &frame, qsizetype at, quint16 checksum)
{
    frame[at] = char(checksum >> 8);
    frame[at + 1] = char(checksum);
}

QByteArray addressBytes(const QHostAddress &address, bool ipv6)
{
    if (!ipv6) {
        QByteArray bytes;
        put32(bytes, address.toIPv4Address());
        return bytes;
    }
    const Q_IPV6ADDR v6 = address.toIPv6Address(); // IPv4 comes back IPv4-mapped
    return QByteArray(reinterpret_cast<const char *>(v6.c), 16);
}

} // namespace

PcapWriter::PcapWriter(QIODevice *device)
    : m_device(device)
{}

void PcapWriter::setClockOrigin(qint64 monotonicNs, const QDateTime &wallClock)
{
    m_originMonotonicNs = monotonicNs;
    m_originWallNs = wallClock.toMSecsSinceEpoch() * 1'000'000;
}

bool PcapWriter::writeFileHeader()
{
    if (m_headerWritten)
        return !hasError();
    m_headerWritten = true;
    QByteArray header;
    putLe32(header, NanosecondMagic);
    putLe32(header, 2 | 4u << 16); // version 2.4: major then minor, 16 bits each
    putLe32(header, 0);            // this zone: timestamps are UTC
    putLe32(header, 0);            // significant figures
    putLe32(header, SnapLength);
    putLe32(header, LinkTypeEthernet);
    return writeBytes(header);
}

bool PcapWriter::beginConnection(const LinkEndpoints &endpoints, qint64 timeNs, int session)
{
    endConnection(timeNs, Direction::Sent, session);
    if (!endpoints.isValid() || !writeFileHeader())
        return false;
    Connection c;
    bool clientIsV4 = false;
    bool brokerIsV4 = false;
    endpoints.clientAddress.toIPv4Address(&clientIsV4); // true for IPv4-mapped IPv6 too
    endpoints.brokerAddress.toIPv4Address(&brokerIsV4);
    c.ipv6 = !(clientIsV4 && brokerIsV4);
    c.endpoints = endpoints;
    c.clientIp = addressBytes(endpoints.clientAddress, c.ipv6);
    c.brokerIp = addressBytes(endpoints.brokerAddress, c.ipv6);
    // Initial sequence numbers from RFC 793's 4 microsecond clock: distinct per connection,
    // and the same for the same input.
    c.client = Flow{quint32(timeNs / 4000), 0, 1};
    c.broker = Flow{c.client.nextSeq + 0x40000000u, 0, 1};
    Connection &connection = m_connections.insert(session, c).value();
    writeSegment(connection, true, Syn, nullptr, 0, timeNs);
    writeSegment(connection, false, Syn | Ack, nullptr, 0, timeNs);
    writeSegment(connection, true, Ack, nullptr, 0, timeNs);
    return !hasError();
}

bool PcapWriter::writePacket(const Event &event)
{
    if (!event.isPacket() || event.direction == Direction::None || hasError())
        return false;
    auto it = m_connections.find(event.session);
    if (it == m_connections.end())
        it = m_connections.find(0);
    if (it == m_connections.end())
        return false;
    const bool fromClient = event.direction == Direction::Sent;
    const char *data = event.raw.constData();
    qsizetype left = event.raw.size();
    while (left > 0 && !hasError()) {
        const int size = int(std::min<qsizetype>(left, MaximumSegmentSize));
        left -= size;
        writeSegment(*it, fromClient, left == 0 ? Psh | Ack : Ack, data, size, event.timeNs);
        data += size;
    }
    return !hasError();
}

void PcapWriter::endConnection(qint64 timeNs, Direction closedBy, int session)
{
    auto it = m_connections.find(session);
    if (it == m_connections.end())
        return;
    const bool clientFirst = closedBy != Direction::Received;
    writeSegment(*it, clientFirst, Fin | Ack, nullptr, 0, timeNs);
    writeSegment(*it, !clientFirst, Fin | Ack, nullptr, 0, timeNs);
    writeSegment(*it, clientFirst, Ack, nullptr, 0, timeNs);
    m_connections.erase(it);
}

void PcapWriter::writeSegment(Connection &c, bool fromClient, quint8 flags, const char *data,
                              int size, qint64 timeNs)
{
    Flow &from = fromClient ? c.client : c.broker;
    Flow &to = fromClient ? c.broker : c.client;
    // The receiver acknowledges before its window of unacknowledged bytes would fill up, as
    // a real one would have long before (Wireshark flags "TCP Window Full" otherwise).
    if (size > 0 && from.unacked > 0 && from.unacked + quint32(size) >= Window)
        writeSegment(c, !fromClient, Ack, nullptr, 0, timeNs);
    if (hasError())
        return;

    const int ipHeaderSize = c.ipv6 ? 40 : 20;
    const int tcpSize = 20 + size;
    QByteArray frame;
    frame.reserve(14 + ipHeaderSize + tcpSize);
    frame.append(fromClient ? BrokerMac : ClientMac, 6);
    frame.append(fromClient ? ClientMac : BrokerMac, 6);
    put16(frame, c.ipv6 ? 0x86dd : 0x0800);

    const QByteArray &source = fromClient ? c.clientIp : c.brokerIp;
    const QByteArray &destination = fromClient ? c.brokerIp : c.clientIp;
    if (c.ipv6) {
        put32(frame, 6u << 28); // version 6, traffic class 0, flow label 0
        put16(frame, quint16(tcpSize));
        frame.append(char(6));  // next header: TCP
        frame.append(char(64)); // hop limit
    } else {
        put16(frame, 0x4500); // version 4, 5 words of header, TOS 0
        put16(frame, quint16(ipHeaderSize + tcpSize));
        put16(frame, from.ipId++);
        put16(frame, 0x4000); // don't fragment
        frame.append(char(64));
        frame.append(char(6)); // TCP
        put16(frame, 0);       // checksum, set below
    }
    frame.append(source);
    frame.append(destination);
    if (!c.ipv6)
        setChecksum(frame, 14 + 10, foldedComplement(wordSum(frame.constData() + 14, 20)));

    const qsizetype tcpStart = frame.size();
    put16(frame, fromClient ? c.endpoints.clientPort : c.endpoints.brokerPort);
    put16(frame, fromClient ? c.endpoints.brokerPort : c.endpoints.clientPort);
    put32(frame, from.nextSeq);
    put32(frame, (flags & Ack) ? to.nextSeq : 0);
    frame.append(char(5 << 4)); // 5 words of header, no options
    frame.append(char(flags));
    put16(frame, quint16(Window));
    put16(frame, 0); // checksum, set below
    put16(frame, 0); // urgent pointer
    frame.append(data, size);
    // The pseudo-header: both addresses, the protocol and the TCP length (RFC 793, RFC 8200).
    quint64 sum = wordSum(source.constData(), source.size());
    sum = wordSum(destination.constData(), destination.size(), sum) + 6 + quint32(tcpSize);
    sum = wordSum(frame.constData() + tcpStart, tcpSize, sum);
    setChecksum(frame, tcpStart + 16, foldedComplement(sum));

    from.nextSeq += quint32(size) + ((flags & (Syn | Fin)) ? 1 : 0);
    from.unacked += quint32(size);
    if (flags & Ack)
        to.unacked = 0;

    // Timestamps never go backwards in the file, whatever order the events came in.
    const qint64 wallNs = std::max(m_lastWallNs, m_originWallNs + (timeNs - m_originMonotonicNs));
    m_lastWallNs = wallNs;
    QByteArray record;
    record.reserve(16 + frame.size());
    putLe32(record, quint32(wallNs / 1'000'000'000));
    putLe32(record, quint32(wallNs % 1'000'000'000));
    putLe32(record, quint32(frame.size())); // captured length
    putLe32(record, quint32(frame.size())); // original length
    record.append(frame);
    if (writeBytes(record))
        ++m_records;
}

bool PcapWriter::writeBytes(const QByteArray &bytes)
{
    if (hasError())
        return false;
    if (!m_device || !m_device->isWritable()) {
        m_error = QStringLiteral("the capture file is not open for writing");
        return false;
    }
    const qint64 written = m_device->write(bytes);
    if (written == bytes.size())
        return true;
    // A device that sets no error string says "Unknown error": say what is known instead.
    QString reason = m_device->errorString();
    if (reason.isEmpty() || reason == QLatin1String("Unknown error"))
        reason = QStringLiteral("only %1 of %2 bytes were written")
                     .arg(std::max<qint64>(written, 0))
                     .arg(bytes.size());
    m_error = QStringLiteral("cannot write the capture: %1").arg(reason);
    return false;
}

} // namespace PingScope
