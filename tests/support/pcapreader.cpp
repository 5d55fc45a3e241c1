#include "pcapreader.h"

#include "monitor/pcapwriter.h"

#include <QtEndian>

namespace PcapReading {

namespace {

quint16 be16(const char *p)
{
    return qFromBigEndian<quint16>(p);
}
quint32 be32(const char *p)
{
    return qFromBigEndian<quint32>(p);
}
quint32 le32(const char *p)
{
    return qFromLittleEndian<quint32>(p);
}

// The one's complement sum of `bytes` with end-around carry: 0xffff over a header (or a TCP
// segment with its pseudo-header) whose checksum is right.
quint16 onesComplementSum(const QByteArray &bytes)
{
    quint32 sum = 0;
    for (qsizetype i = 0; i < bytes.size(); i += 2) {
        sum += quint32(quint8(bytes[i])) << 8;
        if (i + 1 < bytes.size())
            sum += quint8(bytes[i + 1]);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return quint16(sum);
}

} // namespace

Capture readCapture(const QByteArray &file)
{
    Capture capture;
    auto problem = [&](const QString &text) { capture.problems << text; };
    if (file.size() < 24) {
        problem(QStringLiteral("no global header"));
        return capture;
    }
    const char *h = file.constData();
    if (le32(h) != 0xa1b23c4d || qFromLittleEndian<quint16>(h + 4) != 2 ||
        qFromLittleEndian<quint16>(h + 6) != 4 || le32(h + 8) != 0 || le32(h + 12) != 0 ||
        le32(h + 20) != 1)
        problem(QStringLiteral("unexpected global header %1")
                    .arg(QString::fromLatin1(file.left(24).toHex(' '))));
    const quint32 snapLength = le32(h + 16);
    qsizetype at = 24;
    while (at < file.size()) {
        const QString where = QStringLiteral("record %1: ").arg(capture.segments.size() + 1);
        if (file.size() - at < 16) {
            problem(where + QStringLiteral("truncated record header"));
            return capture;
        }
        const char *r = file.constData() + at;
        const quint32 included = le32(r + 8);
        if (le32(r + 4) >= 1'000'000'000)
            problem(where + QStringLiteral("nanoseconds out of range"));
        if (included != le32(r + 12) || included > snapLength || file.size() - at - 16 < included) {
            problem(where + QStringLiteral("bad lengths"));
            return capture;
        }
        const QByteArray frame = file.mid(at + 16, included);
        at += 16 + included;
        Segment s;
        s.wallNs = qint64(le32(r)) * 1'000'000'000 + le32(r + 4);
        const char *f = frame.constData();
        const quint16 etherType = be16(f + 12);
        qsizetype tcpAt = 0;
        if (etherType == 0x0800) {
            const QByteArray ip = frame.mid(14, 20);
            if (quint8(ip[0]) != 0x45 || quint8(ip[9]) != 6 || be16(f + 16) != frame.size() - 14)
                problem(where + QStringLiteral("bad IPv4 header"));
            if (onesComplementSum(ip) != 0xffff)
                problem(where + QStringLiteral("bad IPv4 header checksum"));
            s.source = QHostAddress(be32(f + 26));
            s.destination = QHostAddress(be32(f + 30));
            tcpAt = 34;
        } else if (etherType == 0x86dd) {
            s.ipv6 = true;
            if ((quint8(f[14]) >> 4) != 6 || quint8(f[20]) != 6 ||
                be16(f + 18) != frame.size() - 54)
                problem(where + QStringLiteral("bad IPv6 header"));
            s.source = QHostAddress(reinterpret_cast<const quint8 *>(f + 22));
            s.destination = QHostAddress(reinterpret_cast<const quint8 *>(f + 38));
            tcpAt = 54;
        } else {
            problem(where + QStringLiteral("ethertype %1").arg(etherType, 0, 16));
            continue;
        }
        const QByteArray tcp = frame.mid(tcpAt);
        const QByteArray length = QByteArray(1, char(tcp.size() >> 8)) + char(tcp.size());
        // IPv4 (RFC 793): addresses, zero, protocol, 16-bit length. IPv6 (RFC 8200):
        // addresses, 32-bit length, three zeros, next header.
        QByteArray pseudo;
        if (s.ipv6)
            pseudo = frame.mid(22, 32) + QByteArray(2, 0) + length + QByteArray(3, 0) + char(6);
        else
            pseudo = frame.mid(26, 8) + QByteArray(1, 0) + char(6) + length;
        if (onesComplementSum(pseudo + tcp) != 0xffff)
            problem(where + QStringLiteral("bad TCP checksum"));
        const char *t = tcp.constData();
        s.sourcePort = be16(t);
        s.destinationPort = be16(t + 2);
        s.seq = be32(t + 4);
        s.ack = be32(t + 8);
        if ((quint8(t[12]) >> 4) != 5)
            problem(where + QStringLiteral("unexpected TCP header length"));
        s.flags = quint8(t[13]);
        s.payload = tcp.mid(20);
        capture.segments.append(s);
    }
    return capture;
}

QPair<QByteArray, QByteArray> followConnection(const QList<Segment> &segments,
                                               QStringList &problems)
{
    if (segments.size() < 6) {
        problems << QStringLiteral("fewer than 6 segments");
        return {};
    }
    const quint16 clientPort = segments.first().sourcePort;
    const QList<quint8> opening = {segments[0].flags, segments[1].flags, segments[2].flags};
    if (opening != QList<quint8>{Syn, Syn | Ack, Ack})
        problems << QStringLiteral("no three-way handshake");
    const qsizetype n = segments.size();
    if (!(segments[n - 3].flags & Fin) || !(segments[n - 2].flags & Fin) ||
        segments[n - 1].flags != Ack)
        problems << QStringLiteral("no FIN exchange at the end");
    quint32 next[2] = {segments[0].seq, segments[1].seq};
    QByteArray payloads[2];
    bool finished[2] = {false, false};
    for (qsizetype i = 0; i < n; ++i) {
        const Segment &s = segments[i];
        const int side = s.sourcePort == clientPort ? 0 : 1;
        const QString where = QStringLiteral("segment %1: ").arg(i + 1);
        if (s.seq != next[side])
            problems << where + QStringLiteral("seq %1, expected %2").arg(s.seq).arg(next[side]);
        if (finished[side] && !s.payload.isEmpty())
            problems << where + QStringLiteral("data after FIN");
        next[side] = s.seq + quint32(s.payload.size()) + ((s.flags & (Syn | Fin)) ? 1 : 0);
        if (i > 0 && !(s.flags & Ack))
            problems << where + QStringLiteral("no ACK flag");
        if ((s.flags & Ack) && s.ack != next[1 - side])
            problems << where +
                            QStringLiteral("ack %1, expected %2").arg(s.ack).arg(next[1 - side]);
        if (s.payload.size() > PingScope::PcapWriter::MaximumSegmentSize)
            problems << where + QStringLiteral("segment above the MSS");
        finished[side] = finished[side] || (s.flags & Fin);
        payloads[side] += s.payload;
    }
    return {payloads[0], payloads[1]};
}

} // namespace PcapReading
