#pragma once

#include "decodeerror.h"
#include "fieldrange.h"
#include "packets.h"
#include "reasoncodes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace PingScope::Protocol {

// The largest packet the framing can describe: a 4-byte remaining length of 268,435,455
// plus the first byte and the length bytes themselves.
constexpr quint32 MaximumPossiblePacketSize = 268435455u + 5u;

struct DecodeOptions
{
    // The version negotiated on this connection. A CONNECT is always read by its own
    // protocol level, since that is where the version comes from.
    ProtocolVersion version = ProtocolVersion::V5;
    // Whole packets larger than this (fixed header included) are rejected before they are
    // buffered. A client sets it to the Maximum Packet Size it announced.
    quint32 maximumPacketSize = MaximumPossiblePacketSize;
    // Who sent the bytes: a client's decoder reads the server (and rejects CONNECT, a
    // server-only DISCONNECT reason from a client, ...). Either accepts both directions.
    Sender sender = Sender::Either;
    // Record every field's byte range and display value (for the packet inspector).
    // Off on the hot path: decodeFields() can compute them later from the raw bytes.
    bool recordFields = false;
};

struct DecodedPacket
{
    // User-provided on purpose: value-initialising an aggregate this size (std::optional's
    // in-place construction does) would first zero all of its bytes, once per packet.
    DecodedPacket() {}

    Packet packet;
    QByteArray raw;   // the packet's bytes exactly as received, fixed header included
    FieldList fields; // empty unless DecodeOptions::recordFields

    PacketType type() const { return packetType(packet); }
};

// `decoded` means nothing unless ok().
struct DecodeResult
{
    DecodedPacket decoded;
    DecodeError error;

    bool ok() const { return !error.isError(); }
};

// Decodes exactly one whole packet: `bytes` must hold its fixed header and all of its
// remaining length, and nothing after it. Never reads outside `bytes`.
DecodeResult decodePacket(QByteArrayView bytes, const DecodeOptions &options);

// The field tree of one packet's raw bytes (as kept in DecodedPacket::raw). If the bytes are
// malformed, the fields decoded up to the error are returned.
FieldList decodeFields(QByteArrayView bytes, ProtocolVersion version);

// Encodes `packet` for `version`. Returns an empty array (a real packet is never empty) and
// sets `error` if the packet cannot be represented: a string over 65,535 bytes, a remaining
// length over 268,435,455, AUTH before 5.0, a QoS above 2, ...
// The result is checked with the decoder's rules: a packet this side would reject as
// malformed or a protocol violation (DUP on QoS 0, a wildcard in a topic name, a property
// in the wrong packet, ...) is refused with the decoder's message.
QByteArray encodePacket(const Packet &packet, ProtocolVersion version, QString *error = nullptr);

// Only checks that the packet can be represented at all. For fault injection and hostile-peer
// tests, which send protocol violations on purpose.
QByteArray encodePacketUnchecked(const Packet &packet, ProtocolVersion version,
                                 QString *error = nullptr);

} // namespace PingScope::Protocol
