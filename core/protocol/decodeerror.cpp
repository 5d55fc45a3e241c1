#include "decodeerror.h"

namespace PingScope::Protocol {

QString decodeErrorCodeName(DecodeErrorCode code)
{
    switch (code) {
    case DecodeErrorCode::None:
        return QStringLiteral("no error");
    case DecodeErrorCode::MalformedRemainingLength:
        return QStringLiteral("malformed variable byte integer");
    case DecodeErrorCode::NonMinimalVariableInteger:
        return QStringLiteral("non-minimal variable byte integer");
    case DecodeErrorCode::UnknownPacketType:
        return QStringLiteral("unknown packet type");
    case DecodeErrorCode::InvalidFixedHeaderFlags:
        return QStringLiteral("invalid fixed header flags");
    case DecodeErrorCode::InvalidQoS:
        return QStringLiteral("invalid QoS");
    case DecodeErrorCode::ZeroPacketIdentifier:
        return QStringLiteral("packet identifier 0");
    case DecodeErrorCode::InvalidUtf8:
        return QStringLiteral("invalid UTF-8");
    case DecodeErrorCode::NullCharacter:
        return QStringLiteral("U+0000 in string");
    case DecodeErrorCode::Truncated:
        return QStringLiteral("truncated");
    case DecodeErrorCode::TrailingBytes:
        return QStringLiteral("trailing bytes");
    case DecodeErrorCode::InvalidProtocolName:
        return QStringLiteral("invalid protocol name");
    case DecodeErrorCode::UnsupportedProtocolLevel:
        return QStringLiteral("unsupported protocol level");
    case DecodeErrorCode::InvalidConnectFlags:
        return QStringLiteral("invalid CONNECT flags");
    case DecodeErrorCode::InvalidConnackFlags:
        return QStringLiteral("invalid CONNACK flags");
    case DecodeErrorCode::UnknownProperty:
        return QStringLiteral("unknown property");
    case DecodeErrorCode::PropertyNotAllowed:
        return QStringLiteral("property not allowed");
    case DecodeErrorCode::DuplicateProperty:
        return QStringLiteral("duplicate property");
    case DecodeErrorCode::InvalidPropertyValue:
        return QStringLiteral("invalid property value");
    case DecodeErrorCode::InvalidReasonCode:
        return QStringLiteral("invalid reason code");
    case DecodeErrorCode::InvalidTopic:
        return QStringLiteral("invalid topic");
    case DecodeErrorCode::EmptyPayload:
        return QStringLiteral("empty payload");
    case DecodeErrorCode::InvalidSubscriptionOptions:
        return QStringLiteral("invalid subscription options");
    case DecodeErrorCode::PacketTooLarge:
        return QStringLiteral("packet too large");
    case DecodeErrorCode::UnexpectedPacket:
        return QStringLiteral("unexpected packet");
    }
    return QStringLiteral("unknown error");
}

} // namespace PingScope::Protocol
