#pragma once

#include "codec.h"
#include "topiccache.h"

#include <optional>

namespace PingScope::Protocol {

// Turns a byte stream, fed as it arrives in chunks of any size, into whole packets.
//
// Linear in its input: it advances a read offset through its buffer and only moves the
// unread tail (less than one packet) to the front when new bytes arrive, so a chunk holding
// 10,000 packets is never copied 10,000 times. After the first error it stays failed: the
// caller must close the connection (3.1.1 [MQTT-4.8.0-1], 5.0 section 4.13).
class StreamDecoder
{
public:
    explicit StreamDecoder(const DecodeOptions &options = {});

    const DecodeOptions &options() const { return m_options; }
    // Takes effect from the next packet on (a CONNACK can change the version in use).
    void setOptions(const DecodeOptions &options) { m_options = options; }

    void feed(QByteArrayView bytes);
    // The next whole packet, or nothing if more bytes are needed or the stream failed.
    std::optional<DecodedPacket> next();

    bool hasError() const { return m_error.isError(); }
    const DecodeError &error() const { return m_error; }

    // Bytes received but not yet returned as packets.
    qsizetype bufferedBytes() const { return m_buffer.size() - m_readOffset; }
    // Total bytes consumed as whole packets since construction or reset().
    qint64 consumedBytes() const { return m_consumed; }

    void reset();

private:
    void fail(DecodeError error);

    DecodeOptions m_options;
    QByteArray m_buffer;
    qsizetype m_readOffset = 0;
    qint64 m_consumed = 0;
    DecodeError m_error;
    TopicCache m_topics;
};

} // namespace PingScope::Protocol
