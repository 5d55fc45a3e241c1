#pragma once

#include <QHostAddress>

namespace PingScope {

// The two ends of one TCP connection, as the client's socket sees them. A capture (pcap)
// needs them to put the session's bytes back into the TCP segments they travelled in.
struct LinkEndpoints
{
    QHostAddress clientAddress;
    quint16 clientPort = 0;
    QHostAddress brokerAddress;
    quint16 brokerPort = 0;

    bool isValid() const { return clientPort != 0 && brokerPort != 0; }
};

} // namespace PingScope
