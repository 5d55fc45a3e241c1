#include "linkendpoints.h"

namespace PingScope {

namespace {

const QLatin1String Arrow(" -> ");

QString endpointText(const QHostAddress &address, quint16 port)
{
    // Brackets keep an IPv6 address's colons apart from the port (RFC 3986).
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

bool parseEndpoint(QStringView text, QHostAddress &address, quint16 &port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    QStringView host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (!ok || number == 0 || number > 0xffff || !address.setAddress(host.toString()))
        return false;
    port = quint16(number);
    return true;
}

} // namespace

QString LinkEndpoints::toText() const
{
    if (!isValid())
        return {};
    return endpointText(clientAddress, clientPort) + Arrow +
           endpointText(brokerAddress, brokerPort);
}

LinkEndpoints LinkEndpoints::fromText(QStringView text)
{
    const qsizetype arrow = text.indexOf(Arrow);
    LinkEndpoints endpoints;
    if (arrow < 0 ||
        !parseEndpoint(text.left(arrow), endpoints.clientAddress, endpoints.clientPort) ||
        !parseEndpoint(text.mid(arrow + Arrow.size()), endpoints.brokerAddress,
                       endpoints.brokerPort))
        return {};
    return endpoints;
}

} // namespace PingScope
