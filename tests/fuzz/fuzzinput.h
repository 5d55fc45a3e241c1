#pragma once

// The layout of one fuzz input, shared by the fuzz target (which reads it) and the seed
// corpus generator (which writes it), so that the two cannot drift apart.
//
//   byte 0        settings: bits 0-1 who sent the bytes (0 and 3 either, 1 client, 2 server),
//                 bit 2 record fields, bits 3-5 index into MaximumPacketSizes
//   byte 1        n, the number of chunk sizes (low 4 bits; 0: the stream in one chunk)
//   n bytes       chunk sizes minus 1 (1..256 bytes), used in turn until the stream ends
//   the rest      the byte stream, as a broker (or a client) would send it
//
// The stream comes last and in one piece, so that a mutation of a packet's bytes never
// shifts the framing of the input, and seeds made of whole packets stay whole packets.

#include "protocol/codec.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <array>

namespace PingScopeFuzz {

// Small limits reach the "packet too large" path both at the fixed header and in the body;
// the largest is the protocol's own.
constexpr std::array<quint32, 8> MaximumPacketSizes = {
    PingScope::Protocol::MaximumPossiblePacketSize, 2, 5, 16, 128, 300, 16384, 65536};

constexpr int MaximumChunkSizes = 15;

struct FuzzInput
{
    PingScope::Protocol::DecodeOptions options;
    QList<qsizetype> chunkSizes; // empty: the whole stream at once
    QByteArrayView stream;
};

inline PingScope::Protocol::Sender senderFromBits(quint8 bits)
{
    using PingScope::Protocol::Sender;
    switch (bits & 0x3u) {
    case 1:
        return Sender::Client;
    case 2:
        return Sender::Server;
    default:
        return Sender::Either;
    }
}

// Inputs shorter than the two header bytes read as settings 0 and no chunk sizes.
inline FuzzInput parseFuzzInput(QByteArrayView data, PingScope::Protocol::ProtocolVersion version)
{
    FuzzInput input;
    input.options.version = version;
    qsizetype at = 0;
    const quint8 settings = data.size() > at ? quint8(data[at++]) : 0;
    input.options.sender = senderFromBits(settings);
    input.options.recordFields = settings & 0x4u;
    input.options.maximumPacketSize = MaximumPacketSizes[(settings >> 3) & 0x7u];
    const int count = data.size() > at ? quint8(data[at++]) & 0xFu : 0;
    for (int i = 0; i < count && at < data.size(); ++i)
        input.chunkSizes.append(qsizetype(quint8(data[at++])) + 1);
    input.stream = data.sliced(at);
    return input;
}

// The inverse, for seeds: settings 0 is "either sender, no fields, no size limit".
inline QByteArray makeFuzzInput(const QByteArray &stream, const QList<qsizetype> &chunkSizes = {},
                                quint8 settings = 0)
{
    Q_ASSERT(chunkSizes.size() <= MaximumChunkSizes);
    QByteArray input;
    input.append(char(settings));
    input.append(char(chunkSizes.size()));
    for (qsizetype size : chunkSizes) {
        Q_ASSERT(size >= 1 && size <= 256);
        input.append(char(size - 1));
    }
    input.append(stream);
    return input;
}

} // namespace PingScopeFuzz
