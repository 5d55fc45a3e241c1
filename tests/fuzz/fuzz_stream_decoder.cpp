// libFuzzer target: the StreamDecoder of one protocol version (PINGSCOPE_FUZZ_VERSION, set by
// tests/fuzz/CMakeLists.txt), fed a byte stream in chunks of fuzzer-chosen sizes as a socket
// would deliver it (the input layout is in fuzzinput.h).
//
// Besides the sanitizers' verdicts, every input is checked against invariants that a
// decoder bug would break:
//  - an error is sticky: no packet, no buffered bytes, the same error after more input;
//  - bytes are accounted for: consumed + buffered == fed, consumed == the packets' sizes;
//  - chunking changes nothing: the same packets and the same error as one whole feed (after
//    reset(), which must forget the first run's topics and error);
//  - each packet decodes alike on its own (decodePacket, no topic cache), its field tree lies
//    inside its bytes and equals decodeFields() of them, and it re-encodes to bytes that
//    decode to the same packet.
// A broken invariant prints what broke and aborts, so that libFuzzer saves the input.

#include "fuzzinput.h"
#include "protocol/packetsummary.h"
#include "protocol/streamdecoder.h"

#include <cstdio>
#include <cstdlib>

using namespace PingScope::Protocol;
using PingScopeFuzz::FuzzInput;

namespace {

constexpr auto FuzzedVersion = ProtocolVersion(PINGSCOPE_FUZZ_VERSION);

[[noreturn]] void invariantBroken(const char *what, int line, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz_stream_decoder.cpp:%d: invariant broken: %s %s\n", line, what,
                 qPrintable(detail));
    std::abort();
}

#define FUZZ_CHECK(condition, detail)                                                              \
    do {                                                                                           \
        if (!(condition))                                                                          \
            invariantBroken(#condition, __LINE__, detail);                                         \
    } while (false)

struct Outcome
{
    QList<DecodedPacket> packets;
    DecodeError error;
    qint64 consumed = 0;
};

bool sameError(const DecodeError &a, const DecodeError &b)
{
    return a.code == b.code && a.offset == b.offset && a.message == b.message;
}

bool samePackets(const QList<DecodedPacket> &a, const QList<DecodedPacket> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).raw != b.at(i).raw || !(a.at(i).packet == b.at(i).packet) ||
            a.at(i).fields != b.at(i).fields)
            return false;
    }
    return true;
}

// Feeds the stream in the input's chunk sizes (or at once) and drains after every chunk,
// as Session does with each socket read.
Outcome decodeStream(StreamDecoder &decoder, const FuzzInput &input, bool inChunks)
{
    Outcome outcome;
    const QByteArrayView stream = input.stream;
    qint64 fed = 0;
    qsizetype turn = 0;
    while (fed < stream.size()) {
        const qsizetype left = stream.size() - qsizetype(fed);
        const qsizetype size =
            inChunks ? qMin(input.chunkSizes.at(turn++ % input.chunkSizes.size()), left) : left;
        const DecodeError before = decoder.error();
        decoder.feed(stream.sliced(qsizetype(fed), size));
        fed += size;
        while (std::optional<DecodedPacket> packet = decoder.next()) {
            FUZZ_CHECK(!decoder.hasError(), decoder.error().message);
            outcome.packets.append(std::move(*packet));
            outcome.consumed += outcome.packets.constLast().raw.size();
        }
        if (before.isError()) {
            FUZZ_CHECK(sameError(before, decoder.error()), decoder.error().message);
        }
        if (decoder.hasError()) {
            FUZZ_CHECK(decoder.bufferedBytes() == 0, QString::number(decoder.bufferedBytes()));
            FUZZ_CHECK(!decoder.next(), QString());
            FUZZ_CHECK(!decoder.error().message.isEmpty(), QString());
            FUZZ_CHECK(decoder.error().offset >= 0 && decoder.error().offset <= fed,
                       QString::number(decoder.error().offset));
        } else {
            FUZZ_CHECK(decoder.consumedBytes() + decoder.bufferedBytes() == fed,
                       QString::number(decoder.consumedBytes()));
        }
        FUZZ_CHECK(decoder.consumedBytes() == outcome.consumed,
                   QString::number(decoder.consumedBytes()));
    }
    outcome.error = decoder.error();
    return outcome;
}

// The version a packet is encoded in: a CONNECT carries its own.
ProtocolVersion versionOf(const Packet &packet, ProtocolVersion streamVersion)
{
    if (const auto *connect = std::get_if<ConnectPacket>(&packet))
        return connect->protocolVersion;
    return streamVersion;
}

void checkPacket(const DecodedPacket &decoded, const DecodeOptions &options)
{
    FUZZ_CHECK(!decoded.raw.isEmpty(), QString());
    FUZZ_CHECK(quint8(decoded.raw.at(0)) >> 4 == quint8(decoded.type()),
               QString::number(quint8(decoded.raw.at(0)), 16));

    // The stream's topic cache must hand out exactly what a fresh decode finds.
    const DecodeResult alone = decodePacket(decoded.raw, options);
    FUZZ_CHECK(alone.ok(), alone.error.message);
    FUZZ_CHECK(alone.decoded.packet == decoded.packet,
               packetSummary(decoded.packet, options.version) + QStringLiteral(" vs alone: ") +
                   packetSummary(alone.decoded.packet, options.version));

    if (options.recordFields) {
        FUZZ_CHECK(!decoded.fields.isEmpty(), QString());
        for (const FieldRange &field : decoded.fields) {
            FUZZ_CHECK(field.offset >= 0 && field.length >= 0 &&
                           field.offset + field.length <= decoded.raw.size(),
                       field.name);
        }
        FUZZ_CHECK(decodeFields(decoded.raw, options.version) == decoded.fields, QString());
    }

    const ProtocolVersion version = versionOf(decoded.packet, options.version);
    FUZZ_CHECK(!packetSummary(decoded.packet, version).isEmpty(), QString());
    QString error;
    const QByteArray encoded = encodePacket(decoded.packet, version, &error);
    FUZZ_CHECK(!encoded.isEmpty(), error);
    DecodeOptions again;
    again.version = version;
    const DecodeResult reread = decodePacket(encoded, again);
    FUZZ_CHECK(reread.ok(), reread.error.message);
    FUZZ_CHECK(reread.decoded.packet == decoded.packet,
               packetSummary(decoded.packet, version) + QStringLiteral(" vs re-encoded: ") +
                   packetSummary(reread.decoded.packet, version));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzInput input =
        PingScopeFuzz::parseFuzzInput(QByteArrayView(data, qsizetype(size)), FuzzedVersion);
    StreamDecoder decoder(input.options);
    const bool inChunks = !input.chunkSizes.isEmpty();
    const Outcome outcome = decodeStream(decoder, input, inChunks);
    for (const DecodedPacket &packet : outcome.packets)
        checkPacket(packet, input.options);

    if (inChunks) {
        decoder.reset();
        FUZZ_CHECK(!decoder.hasError() && decoder.bufferedBytes() == 0 &&
                       decoder.consumedBytes() == 0,
                   QString());
        const Outcome whole = decodeStream(decoder, input, false);
        FUZZ_CHECK(samePackets(outcome.packets, whole.packets),
                   QStringLiteral("%1 packets in chunks, %2 at once")
                       .arg(outcome.packets.size())
                       .arg(whole.packets.size()));
        FUZZ_CHECK(sameError(outcome.error, whole.error),
                   outcome.error.message + QStringLiteral(" / ") + whole.error.message);
    }
    return 0;
}
