#include "streamdecoder.h"

#include "decoderinternal.h"

namespace PingScope::Protocol {

StreamDecoder::StreamDecoder(const DecodeOptions &options)
    : m_options(options)
{}

void StreamDecoder::feed(QByteArrayView bytes)
{
    if (hasError() || bytes.isEmpty())
        return;
    if (m_readOffset == m_buffer.size()) {
        m_buffer.resize(0); // keeps the allocation for the next chunk
        m_readOffset = 0;
    } else if (m_readOffset > 0) {
        // Only the unread tail (part of one packet) moves; Qt 6 drops a prefix in O(1).
        m_buffer.remove(0, m_readOffset);
        m_readOffset = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
}

std::optional<DecodedPacket> StreamDecoder::next()
{
    if (hasError())
        return std::nullopt;
    const QByteArrayView available(m_buffer.constData() + m_readOffset,
                                   m_buffer.size() - m_readOffset);
    const Detail::FrameHeader header = Detail::parseFrameHeader(available, m_options.version);
    if (header.status == Detail::FrameHeader::Status::Incomplete)
        return std::nullopt;
    if (header.status == Detail::FrameHeader::Status::Invalid) {
        fail(header.error);
        return std::nullopt;
    }
    // Refuse an oversized packet as soon as its length is known, before buffering its body.
    if (header.packetSize() > m_options.maximumPacketSize) {
        fail(Detail::packetTooLarge(header, m_options.maximumPacketSize));
        return std::nullopt;
    }
    if (quint64(available.size()) < header.packetSize())
        return std::nullopt;

    const qsizetype size = qsizetype(header.packetSize());
    std::optional<DecodedPacket> packet(std::in_place);
    DecodeError error =
        Detail::decodeFramed(available.first(size), header, m_options, &m_topics, *packet);
    if (error.isError()) {
        fail(std::move(error));
        return std::nullopt;
    }
    m_readOffset += size;
    m_consumed += size;
    return packet;
}

void StreamDecoder::reset()
{
    m_buffer.clear();
    m_readOffset = 0;
    m_consumed = 0;
    m_error = {};
    m_topics.clear();
}

void StreamDecoder::fail(DecodeError error)
{
    // The error's offset is within the packet; the stream reports it within the stream.
    m_error = std::move(error);
    m_error.offset += m_consumed;
    m_buffer.clear(); // nothing more will be read from this stream
    m_readOffset = 0;
}

} // namespace PingScope::Protocol
