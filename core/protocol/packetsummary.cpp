#include "packetsummary.h"

#include "reasoncodes.h"

#include <QStringList>

namespace PingScope::Protocol {

namespace {

QString sizeText(qsizetype bytes)
{
    return QStringLiteral("%1 B").arg(bytes);
}

QString codeText(PacketType type, quint8 code, ProtocolVersion version)
{
    if (version == ProtocolVersion::V5)
        return reasonCodeText(type, code);
    if (type == PacketType::Connack)
        return QStringLiteral("%1 %2").arg(code).arg(connectReturnCodeName(code));
    return subackReturnCodeName(code);
}

QString propertiesText(const Properties &properties)
{
    if (properties.isEmpty())
        return QString();
    QStringList parts;
    for (const Property &p : properties.items()) {
        // Authentication Data is a credential, shown no more than a password.
        const QString value =
            p.id == PropertyId::AuthenticationData ? QStringLiteral("***") : p.valueText();
        parts << propertyName(p.id) + QLatin1Char('=') + value;
    }
    return QStringLiteral(" [") + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

struct Summarizer
{
    ProtocolVersion version;

    QString operator()(const ConnectPacket &p) const
    {
        QString text =
            QStringLiteral("CONNECT %1 client-id=\"%2\" keep-alive=%3 s %4")
                .arg(protocolVersionName(p.protocolVersion), p.clientId)
                .arg(p.keepAlive)
                .arg(p.cleanSession ? QStringLiteral("clean") : QStringLiteral("resume"));
        if (p.will)
            text += QStringLiteral(" will=\"%1\" qos=%2%3")
                        .arg(p.will->topic)
                        .arg(p.will->qos)
                        .arg(p.will->retain ? QStringLiteral(" retain") : QString());
        if (p.userName)
            text += QStringLiteral(" user=\"%1\"").arg(*p.userName);
        if (p.password)
            text += QStringLiteral(" password=***"); // the password itself never appears
        return text + propertiesText(p.properties);
    }

    QString operator()(const ConnackPacket &p) const
    {
        return QStringLiteral("CONNACK %1%2")
                   .arg(codeText(PacketType::Connack, p.reasonCode, version),
                        p.sessionPresent ? QStringLiteral(" session-present") : QString()) +
               propertiesText(p.properties);
    }

    QString operator()(const PublishPacket &p) const
    {
        QString text = QStringLiteral("PUBLISH qos=%1").arg(p.qos);
        if (p.qos > 0)
            text += QStringLiteral(" id=%1").arg(p.packetId);
        if (p.dup)
            text += QStringLiteral(" dup");
        if (p.retain)
            text += QStringLiteral(" retain");
        return text +
               QStringLiteral(" topic=\"%1\" payload=%2").arg(p.topic, sizeText(p.payload.size())) +
               propertiesText(p.properties);
    }

    QString operator()(const AckPacket &p) const
    {
        QString text = QStringLiteral("%1 id=%2").arg(packetTypeName(p.type)).arg(p.packetId);
        if (version == ProtocolVersion::V5)
            text += QLatin1Char(' ') + reasonCodeText(p.type, p.reasonCode);
        return text + propertiesText(p.properties);
    }

    QString operator()(const SubscribePacket &p) const
    {
        QStringList filters;
        for (const Subscription &s : p.subscriptions)
            filters << QStringLiteral("\"%1\"@%2").arg(s.topicFilter).arg(s.qos);
        return QStringLiteral("SUBSCRIBE id=%1 %2").arg(p.packetId).arg(filters.join(u' ')) +
               propertiesText(p.properties);
    }

    QString operator()(const SubackPacket &p) const
    {
        QStringList codes;
        for (quint8 code : p.reasonCodes)
            codes << codeText(PacketType::Suback, code, version);
        return QStringLiteral("SUBACK id=%1 %2")
                   .arg(p.packetId)
                   .arg(codes.join(QStringLiteral(", "))) +
               propertiesText(p.properties);
    }

    QString operator()(const UnsubscribePacket &p) const
    {
        QStringList filters;
        for (const QString &f : p.topicFilters)
            filters << QLatin1Char('"') + f + QLatin1Char('"');
        return QStringLiteral("UNSUBSCRIBE id=%1 %2").arg(p.packetId).arg(filters.join(u' ')) +
               propertiesText(p.properties);
    }

    QString operator()(const UnsubackPacket &p) const
    {
        QStringList codes;
        for (quint8 code : p.reasonCodes)
            codes << reasonCodeText(PacketType::Unsuback, code);
        QString text = QStringLiteral("UNSUBACK id=%1").arg(p.packetId);
        if (!codes.isEmpty())
            text += QLatin1Char(' ') + codes.join(QStringLiteral(", "));
        return text + propertiesText(p.properties);
    }

    QString operator()(const PingreqPacket &) const { return QStringLiteral("PINGREQ"); }
    QString operator()(const PingrespPacket &) const { return QStringLiteral("PINGRESP"); }

    QString operator()(const DisconnectPacket &p) const
    {
        if (version != ProtocolVersion::V5)
            return QStringLiteral("DISCONNECT");
        return QStringLiteral("DISCONNECT ") +
               reasonCodeText(PacketType::Disconnect, p.reasonCode) + propertiesText(p.properties);
    }

    QString operator()(const AuthPacket &p) const
    {
        return QStringLiteral("AUTH ") + reasonCodeText(PacketType::Auth, p.reasonCode) +
               propertiesText(p.properties);
    }
};

} // namespace

QString packetSummary(const Packet &packet, ProtocolVersion version)
{
    return std::visit(Summarizer{version}, packet);
}

} // namespace PingScope::Protocol
