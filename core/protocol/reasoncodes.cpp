#include "reasoncodes.h"

#include <algorithm>
#include <initializer_list>

namespace PingScope::Protocol {

namespace {

struct CodeName
{
    quint8 code;
    const char *name;
};

// 5.0 section 2.4, Table 2-6. Codes whose name depends on the packet are handled first.
constexpr CodeName CommonNames[] = {
    {0x04, "Disconnect with Will Message"},
    {0x10, "No matching subscribers"},
    {0x11, "No subscription existed"},
    {0x18, "Continue authentication"},
    {0x19, "Re-authenticate"},
    {0x80, "Unspecified error"},
    {0x81, "Malformed Packet"},
    {0x82, "Protocol Error"},
    {0x83, "Implementation specific error"},
    {0x84, "Unsupported Protocol Version"},
    {0x85, "Client Identifier not valid"},
    {0x86, "Bad User Name or Password"},
    {0x87, "Not authorized"},
    {0x88, "Server unavailable"},
    {0x89, "Server busy"},
    {0x8A, "Banned"},
    {0x8B, "Server shutting down"},
    {0x8C, "Bad authentication method"},
    {0x8D, "Keep Alive timeout"},
    {0x8E, "Session taken over"},
    {0x8F, "Topic Filter invalid"},
    {0x90, "Topic Name invalid"},
    {0x91, "Packet Identifier in use"},
    {0x92, "Packet Identifier not found"},
    {0x93, "Receive Maximum exceeded"},
    {0x94, "Topic Alias invalid"},
    {0x95, "Packet too large"},
    {0x96, "Message rate too high"},
    {0x97, "Quota exceeded"},
    {0x98, "Administrative action"},
    {0x99, "Payload format invalid"},
    {0x9A, "Retain not supported"},
    {0x9B, "QoS not supported"},
    {0x9C, "Use another server"},
    {0x9D, "Server moved"},
    {0x9E, "Shared Subscriptions not supported"},
    {0x9F, "Connection rate exceeded"},
    {0xA0, "Maximum connect time"},
    {0xA1, "Subscription Identifiers not supported"},
    {0xA2, "Wildcard Subscriptions not supported"},
};

bool in(quint8 code, std::initializer_list<quint8> codes)
{
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// DISCONNECT reason codes by sender: 5.0 section 3.14.2.1, Table 3-10.
constexpr quint8 DisconnectEither[] = {0x00, 0x80, 0x81, 0x82, 0x83, 0x90,
                                       0x93, 0x94, 0x95, 0x96, 0x97, 0x99};
constexpr quint8 DisconnectServerOnly[] = {0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x98, 0x9A,
                                           0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2};

template<std::size_t N>
bool inArray(quint8 code, const quint8 (&codes)[N])
{
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

} // namespace

QString hexByte(quint8 value)
{
    return QString::number(value, 16).toUpper().rightJustified(2, QLatin1Char('0'));
}

QString reasonCodeName(PacketType type, quint8 code)
{
    if (code == 0x00) {
        switch (type) {
        case PacketType::Disconnect:
            return QStringLiteral("Normal disconnection");
        case PacketType::Suback:
            return QStringLiteral("Granted QoS 0");
        default:
            return QStringLiteral("Success");
        }
    }
    if (type == PacketType::Suback && (code == 0x01 || code == 0x02))
        return QStringLiteral("Granted QoS %1").arg(code);
    for (const CodeName &entry : CommonNames) {
        if (entry.code == code)
            return QLatin1String(entry.name);
    }
    return QStringLiteral("Unknown reason code 0x%1").arg(hexByte(code));
}

QString reasonCodeText(PacketType type, quint8 code)
{
    return QStringLiteral("0x%1 %2").arg(hexByte(code), reasonCodeName(type, code));
}

bool isValidReasonCode(PacketType type, quint8 code, Sender sender)
{
    switch (type) {
    case PacketType::Connack: // Table 3-1
        return in(code, {0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
                         0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F});
    case PacketType::Puback: // Tables 3-4 and 3-5
    case PacketType::Pubrec:
        return in(code, {0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99});
    case PacketType::Pubrel: // Tables 3-6 and 3-7
    case PacketType::Pubcomp:
        return in(code, {0x00, 0x92});
    case PacketType::Suback: // Table 3-8
        return in(code, {0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2});
    case PacketType::Unsuback: // Table 3-9
        return in(code, {0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91});
    case PacketType::Disconnect:
        if (inArray(code, DisconnectEither))
            return true;
        if (code == 0x04)
            return sender != Sender::Server; // only a client asks for its will
        if (inArray(code, DisconnectServerOnly))
            return sender != Sender::Client;
        return false;
    case PacketType::Auth: // Table 3-11
        return in(code, {0x00, 0x18, 0x19});
    default:
        return false;
    }
}

QString connectReturnCodeName(quint8 code)
{
    switch (code) {
    case 0:
        return QStringLiteral("Connection accepted");
    case 1:
        return QStringLiteral("Connection refused: unacceptable protocol version");
    case 2:
        return QStringLiteral("Connection refused: identifier rejected");
    case 3:
        return QStringLiteral("Connection refused: server unavailable");
    case 4:
        return QStringLiteral("Connection refused: bad user name or password");
    case 5:
        return QStringLiteral("Connection refused: not authorized");
    default:
        return QStringLiteral("Reserved return code %1").arg(code);
    }
}

bool isValidConnectReturnCode(quint8 code)
{
    return code <= 5;
}

QString subackReturnCodeName(quint8 code)
{
    switch (code) {
    case 0x00:
    case 0x01:
    case 0x02:
        return QStringLiteral("Success, maximum QoS %1").arg(code);
    case 0x80:
        return QStringLiteral("Failure");
    default:
        return QStringLiteral("Invalid return code 0x%1").arg(hexByte(code));
    }
}

} // namespace PingScope::Protocol
