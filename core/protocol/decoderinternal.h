#pragma once

// Shared by the decoder's translation units; not part of the protocol API.

#include "bytereader.h"
#include "codec.h"
#include "topiccache.h"

namespace PingScope::Protocol::Detail {

// The fixed header: first byte and remaining length, as far as the bytes at hand allow.
struct FrameHeader
{
    enum class Status : quint8 { Incomplete, Complete, Invalid };
    Status status = Status::Incomplete;
    quint8 firstByte = 0;
    quint32 remainingLength = 0;
    int headerSize = 0; // first byte plus length bytes
    DecodeError error;

    quint64 packetSize() const { return quint64(headerSize) + remainingLength; }
};

FrameHeader parseFrameHeader(QByteArrayView available, ProtocolVersion version);

// "a PUBLISH of 300 bytes exceeds the maximum packet size of 256 bytes": the same error
// whether the stream sees it from the fixed header or decodePacket() from a whole packet.
DecodeError packetTooLarge(const FrameHeader &header, quint32 maximumPacketSize);

// Decodes one packet whose header has been parsed and whose bytes are all in `bytes`, into
// `out` (which the caller constructs once, so that nothing large is built, zeroed or moved
// per packet on the way).
DecodeError decodeFramed(QByteArrayView bytes, const FrameHeader &header,
                         const DecodeOptions &options, TopicCache *topics, DecodedPacket &out);

// A view of `whole` from `offset` to its end that shares its buffer instead of copying it.
// Qt 6 byte arrays are {block, begin, size}, so a suffix is just another begin pointer into
// the same reference-counted block; writing to either detaches as usual.
QByteArray sharedSuffix(QByteArray &whole, qsizetype offset);

// What a packet body decoder works with. The reader stands after the fixed header and
// ends with the packet. Decoders emplace their packet into the caller's Packet, so that
// the large variant is never moved on the hot path.
struct BodyContext
{
    ByteReader &reader;
    ProtocolVersion version;
    Sender sender;
    PacketType type;
    quint8 flags;                 // low nibble of the first byte
    QByteArray *raw = nullptr;    // the packet's own copy; PUBLISH payloads share it
    TopicCache *topics = nullptr; // a stream's recent topics, or none

    bool isV5() const { return version == ProtocolVersion::V5; }
};

void decodeConnect(BodyContext &c, Packet &out);
void decodeConnack(BodyContext &c, Packet &out);
void decodePublish(BodyContext &c, Packet &out);
void decodeAck(BodyContext &c, Packet &out); // PUBACK, PUBREC, PUBREL, PUBCOMP
void decodeSubscribe(BodyContext &c, Packet &out);
void decodeSuback(BodyContext &c, Packet &out);
void decodeUnsubscribe(BodyContext &c, Packet &out);
void decodeUnsuback(BodyContext &c, Packet &out);

// Reads a 5.0 property length and the properties it covers, validating each against the
// context (allowed, not repeated, value in range).
Properties readProperties(ByteReader &reader, PropertyContext context);

// Reads a packet identifier and rejects 0 (3.1.1 [MQTT-2.3.1-1], 5.0 [MQTT-2.2.1-3]).
quint16 readPacketId(ByteReader &reader);

// Reads a 5.0 reason code and checks the packet type may carry it from this sender.
quint8 readReasonCode(BodyContext &c);

// Reads one topic filter (SUBSCRIBE, UNSUBSCRIBE) and validates it.
QString readTopicFilter(BodyContext &c);

// Fails with TrailingBytes unless the whole packet was read.
void expectEnd(BodyContext &c);

PropertyContext propertyContextOf(PacketType type);

} // namespace PingScope::Protocol::Detail
