#include "decoderinternal.h"
#include "topics.h"

namespace PingScope::Protocol {

using namespace Detail;

namespace {

bool isClientOnly(PacketType type, ProtocolVersion version)
{
    // Before 5.0 only the client sends DISCONNECT; a server just closes the connection.
    return type == PacketType::Connect || type == PacketType::Subscribe ||
           type == PacketType::Unsubscribe || type == PacketType::Pingreq ||
           (type == PacketType::Disconnect && version != ProtocolVersion::V5);
}

bool isServerOnly(PacketType type)
{
    return type == PacketType::Connack || type == PacketType::Suback ||
           type == PacketType::Unsuback || type == PacketType::Pingresp;
}

// The flags the standard fixes for every type but PUBLISH (3.1.1 [MQTT-2.2.2-1],
// 5.0 section 2.1.3): 0010 for PUBREL, SUBSCRIBE, UNSUBSCRIBE, 0000 for the others.
DecodeError checkFixedHeaderFlags(PacketType type, quint8 flags, ProtocolVersion version)
{
    if (type == PacketType::Publish) {
        const quint8 qos = (flags >> 1) & 0x3u;
        if (qos == 3)
            return {DecodeErrorCode::InvalidQoS,
                    QStringLiteral("PUBLISH has QoS 3, which does not exist [MQTT-3.3.1-4]"), 0};
        if (qos == 0 && (flags & 0x8u))
            return {DecodeErrorCode::InvalidFixedHeaderFlags,
                    QStringLiteral("PUBLISH with QoS 0 has the DUP flag set [MQTT-3.3.1-2]"), 0};
        return {};
    }
    const bool wantsQoS1Flag = type == PacketType::Pubrel || type == PacketType::Subscribe ||
                               type == PacketType::Unsubscribe;
    const quint8 expected = wantsQoS1Flag ? 0x2u : 0x0u;
    // MQTT 3.1 clients set DUP on resent PUBREL, SUBSCRIBE and UNSUBSCRIBE; 3.1 allowed it.
    const quint8 seen =
        (version == ProtocolVersion::V3_1 && wantsQoS1Flag) ? (flags & 0x7u) : flags;
    if (seen == expected)
        return {};
    return {DecodeErrorCode::InvalidFixedHeaderFlags,
            QStringLiteral("%1 has fixed header flags %2; the standard requires %3 "
                           "[MQTT-2.2.2-2]")
                .arg(packetTypeName(type), QString::number(flags, 2).rightJustified(4, u'0'),
                     QString::number(expected, 2).rightJustified(4, u'0')),
            0};
}

QString describeFirstByte(PacketType type, quint8 flags)
{
    QString text = packetTypeName(type);
    if (type == PacketType::Publish) {
        text += QStringLiteral(", QoS %1").arg((flags >> 1) & 0x3u);
        if (flags & 0x8u)
            text += QStringLiteral(", DUP");
        if (flags & 0x1u)
            text += QStringLiteral(", retain");
    } else {
        text += QStringLiteral(", flags %1").arg(QString::number(flags, 2).rightJustified(4, u'0'));
    }
    return text;
}

void decodePing(BodyContext &c, Packet &out)
{
    expectEnd(c);
    if (c.type == PacketType::Pingreq)
        out.emplace<PingreqPacket>();
    else
        out.emplace<PingrespPacket>();
}

void decodeDisconnect(BodyContext &c, Packet &out)
{
    auto &packet = out.emplace<DisconnectPacket>();
    if (c.isV5()) {
        // Remaining length 0 means 0x00 Normal disconnection; 1 means a reason code without
        // properties (a take-over may arrive as just E0 01 8E). 5.0 section 3.14.2.1.
        if (!c.reader.atEnd())
            packet.reasonCode = readReasonCode(c);
        if (!c.reader.atEnd())
            packet.properties = readProperties(c.reader, PropertyContext::Disconnect);
    }
    expectEnd(c);
}

void decodeAuth(BodyContext &c, Packet &out)
{
    auto &packet = out.emplace<AuthPacket>();
    // Remaining length 0 means 0x00 Success; below 2 the property length is taken as 0
    // (5.0 sections 3.15.2.1 and 3.15.2.2.1).
    if (!c.reader.atEnd())
        packet.reasonCode = readReasonCode(c);
    if (!c.reader.atEnd())
        packet.properties = readProperties(c.reader, PropertyContext::Auth);
    expectEnd(c);
}

DecodeError problem(DecodeErrorCode code, const QString &message, qsizetype offset = 0)
{
    return DecodeError{code, message, offset};
}

DecodeResult failed(DecodeErrorCode code, const QString &message, qsizetype offset = 0)
{
    DecodeResult result;
    result.error = problem(code, message, offset);
    return result;
}

} // namespace

namespace Detail {

FrameHeader parseFrameHeader(QByteArrayView available, ProtocolVersion version)
{
    FrameHeader header;
    if (available.isEmpty())
        return header;
    header.firstByte = quint8(available[0]);
    quint32 value = 0;
    for (int i = 0; i < 4; ++i) {
        if (available.size() < 2 + i)
            return header; // Incomplete
        const quint8 byte = quint8(available[1 + i]);
        value |= quint32(byte & 0x7Fu) << (7 * i);
        if (!(byte & 0x80u)) {
            if (version == ProtocolVersion::V5 && i > 0 && byte == 0) {
                header.status = FrameHeader::Status::Invalid;
                header.error = {DecodeErrorCode::NonMinimalVariableInteger,
                                QStringLiteral("the remaining length is not encoded in the fewest "
                                               "bytes [MQTT-1.5.5-1]"),
                                1};
                return header;
            }
            header.status = FrameHeader::Status::Complete;
            header.remainingLength = value;
            header.headerSize = 2 + i;
            return header;
        }
    }
    header.status = FrameHeader::Status::Invalid;
    header.error = {DecodeErrorCode::MalformedRemainingLength,
                    QStringLiteral("the remaining length continues past 4 bytes (3.1.1 section "
                                   "2.2.3, 5.0 section 1.5.5)"),
                    4};
    return header;
}

DecodeError packetTooLarge(const FrameHeader &header, quint32 maximumPacketSize)
{
    return {DecodeErrorCode::PacketTooLarge,
            QStringLiteral("a %1 of %2 bytes exceeds the maximum packet size of %3 bytes "
                           "(5.0 [MQTT-3.1.2-24])")
                .arg(packetTypeName(PacketType(header.firstByte >> 4)))
                .arg(header.packetSize())
                .arg(maximumPacketSize),
            0};
}

DecodeError decodeFramed(QByteArrayView bytes, const FrameHeader &header,
                         const DecodeOptions &options, TopicCache *topics, DecodedPacket &decoded)
{
    const quint8 typeValue = header.firstByte >> 4;
    const quint8 flags = header.firstByte & 0x0Fu;
    if (typeValue == 0 || (typeValue == 15 && options.version != ProtocolVersion::V5))
        return problem(DecodeErrorCode::UnknownPacketType,
                       QStringLiteral("packet type %1 is reserved in %2 (3.1.1 section 2.2.1)")
                           .arg(typeValue)
                           .arg(protocolVersionName(options.version)));
    const auto type = PacketType(typeValue);
    if (header.packetSize() > options.maximumPacketSize)
        return packetTooLarge(header, options.maximumPacketSize);
    if (options.sender == Sender::Server && isClientOnly(type, options.version))
        return problem(DecodeErrorCode::UnexpectedPacket,
                       QStringLiteral("the server sent %1, which only a client sends")
                           .arg(packetTypeName(type)));
    if (options.sender == Sender::Client && isServerOnly(type))
        return problem(DecodeErrorCode::UnexpectedPacket,
                       QStringLiteral("the client sent %1, which only a server sends")
                           .arg(packetTypeName(type)));
    if (DecodeError flagError = checkFixedHeaderFlags(type, flags, options.version);
        flagError.isError()) {
        return flagError;
    }

    // The packet's own copy of its bytes, read from directly so that a PUBLISH payload can
    // share it.
    decoded.raw = bytes.toByteArray();
    FieldList *fields = options.recordFields ? &decoded.fields : nullptr;
    ByteReader reader(decoded.raw, fields, options.version == ProtocolVersion::V5);
    if (reader.recording()) {
        const int group = reader.beginGroup(QStringLiteral("Fixed header"));
        reader.u8();
        reader.record(QStringLiteral("Packet type and flags"), 0, describeFirstByte(type, flags));
        reader.variableInteger("Remaining Length");
        reader.endGroup(group);
    } else {
        reader.skip(header.headerSize);
    }

    BodyContext context{reader, options.version, options.sender, type, flags, &decoded.raw, topics};
    Packet &out = decoded.packet;
    switch (type) {
    case PacketType::Connect:
        decodeConnect(context, out);
        break;
    case PacketType::Connack:
        decodeConnack(context, out);
        break;
    case PacketType::Publish:
        decodePublish(context, out);
        break;
    case PacketType::Puback:
    case PacketType::Pubrec:
    case PacketType::Pubrel:
    case PacketType::Pubcomp:
        decodeAck(context, out);
        break;
    case PacketType::Subscribe:
        decodeSubscribe(context, out);
        break;
    case PacketType::Suback:
        decodeSuback(context, out);
        break;
    case PacketType::Unsubscribe:
        decodeUnsubscribe(context, out);
        break;
    case PacketType::Unsuback:
        decodeUnsuback(context, out);
        break;
    case PacketType::Pingreq:
    case PacketType::Pingresp:
        decodePing(context, out);
        break;
    case PacketType::Disconnect:
        decodeDisconnect(context, out);
        break;
    case PacketType::Auth:
        decodeAuth(context, out);
        break;
    }
    return reader.error();
}

QByteArray sharedSuffix(QByteArray &whole, qsizetype offset)
{
    if (offset >= whole.size())
        return QByteArray();
    QByteArray::DataPointer &all = whole.data_ptr();
    if (!all.d_ptr()) // raw data without a block of its own (fromRawData): nothing to share
        return whole.mid(offset);
    QByteArray::DataPointer suffix(all.d_ptr(), all.data() + offset, all.size - offset);
    suffix.d_ptr()->ref(); // the suffix holds its own reference to the shared block
    return QByteArray(std::move(suffix));
}

quint16 readPacketId(ByteReader &reader)
{
    const qsizetype start = reader.offset();
    const quint16 id = reader.u16("Packet Identifier");
    if (id == 0 && !reader.failed())
        reader.fail(DecodeErrorCode::ZeroPacketIdentifier,
                    QStringLiteral("the packet identifier is 0; it must be non-zero "
                                   "[MQTT-2.2.1-3] (3.1.1 [MQTT-2.3.1-1])"),
                    start);
    return id;
}

quint8 readReasonCode(BodyContext &c)
{
    const qsizetype start = c.reader.offset();
    const quint8 code = c.reader.u8("Reason Code");
    if (c.reader.failed())
        return code;
    if (!isValidReasonCode(c.type, code, c.sender)) {
        const bool wrongSender = isValidReasonCode(c.type, code, Sender::Either);
        c.reader.fail(DecodeErrorCode::InvalidReasonCode,
                      wrongSender ? QStringLiteral("%1 %2 is a reason code only a %3 sends")
                                        .arg(packetTypeName(c.type), reasonCodeText(c.type, code),
                                             c.sender == Sender::Server ? QStringLiteral("client")
                                                                        : QStringLiteral("server"))
                                  : QStringLiteral("0x%1 is not a reason code a %2 may carry "
                                                   "(5.0 section 2.4)")
                                        .arg(hexByte(code), packetTypeName(c.type)),
                      start);
        return code;
    }
    if (c.reader.recording())
        c.reader.annotate(reasonCodeText(c.type, code));
    return code;
}

QString readTopicFilter(BodyContext &c)
{
    ByteReader &reader = c.reader;
    const qsizetype start = reader.offset();
    QString filter = reader.utf8("Topic Filter");
    if (reader.failed())
        return filter;
    QString problem = topicFilterProblem(filter);
    if (problem.isEmpty() && c.isV5())
        problem = sharedSubscriptionProblem(filter);
    if (!problem.isEmpty())
        reader.fail(DecodeErrorCode::InvalidTopic, problem, start);
    return filter;
}

void expectEnd(BodyContext &c)
{
    if (c.reader.failed() || c.reader.atEnd())
        return;
    c.reader.fail(DecodeErrorCode::TrailingBytes,
                  QStringLiteral("%1 has %2 bytes after its last field")
                      .arg(packetTypeName(c.type))
                      .arg(c.reader.remaining()));
}

PropertyContext propertyContextOf(PacketType type)
{
    switch (type) {
    case PacketType::Connect:
        return PropertyContext::Connect;
    case PacketType::Connack:
        return PropertyContext::Connack;
    case PacketType::Publish:
        return PropertyContext::Publish;
    case PacketType::Puback:
        return PropertyContext::Puback;
    case PacketType::Pubrec:
        return PropertyContext::Pubrec;
    case PacketType::Pubrel:
        return PropertyContext::Pubrel;
    case PacketType::Pubcomp:
        return PropertyContext::Pubcomp;
    case PacketType::Subscribe:
        return PropertyContext::Subscribe;
    case PacketType::Suback:
        return PropertyContext::Suback;
    case PacketType::Unsubscribe:
        return PropertyContext::Unsubscribe;
    case PacketType::Unsuback:
        return PropertyContext::Unsuback;
    case PacketType::Disconnect:
        return PropertyContext::Disconnect;
    case PacketType::Auth:
    default:
        return PropertyContext::Auth;
    }
}

} // namespace Detail

DecodeResult decodePacket(QByteArrayView bytes, const DecodeOptions &options)
{
    const FrameHeader header = parseFrameHeader(bytes, options.version);
    if (header.status == FrameHeader::Status::Invalid) {
        DecodeResult result;
        result.error = header.error;
        return result;
    }
    if (header.status == FrameHeader::Status::Incomplete)
        return failed(DecodeErrorCode::Truncated, QStringLiteral("the fixed header is incomplete"),
                      bytes.size());
    if (header.packetSize() > quint64(bytes.size()))
        return failed(DecodeErrorCode::Truncated,
                      QStringLiteral("the remaining length says %1 bytes but only %2 follow")
                          .arg(header.remainingLength)
                          .arg(bytes.size() - header.headerSize),
                      bytes.size());
    if (header.packetSize() < quint64(bytes.size()))
        return failed(DecodeErrorCode::TrailingBytes,
                      QStringLiteral("%1 bytes follow the packet's remaining length of %2")
                          .arg(quint64(bytes.size()) - header.packetSize())
                          .arg(header.remainingLength),
                      qsizetype(header.packetSize()));
    DecodeResult result;
    result.error = decodeFramed(bytes, header, options, nullptr, result.decoded);
    return result;
}

FieldList decodeFields(QByteArrayView bytes, ProtocolVersion version)
{
    DecodeOptions options;
    options.version = version;
    options.recordFields = true;
    const FrameHeader header = parseFrameHeader(bytes, version);
    if (header.status != FrameHeader::Status::Complete ||
        header.packetSize() != quint64(bytes.size()))
        return {};
    // On failure the fields read before the error are still worth showing.
    DecodedPacket decoded;
    decodeFramed(bytes, header, options, nullptr, decoded);
    return decoded.fields;
}

} // namespace PingScope::Protocol
