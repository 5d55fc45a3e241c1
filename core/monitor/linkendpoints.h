#pragma once

#include <QHostAddress>
#include <QString>

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

    // "127.0.0.1:50123 -> 127.0.0.1:1883", "[::1]:50123 -> [::1]:1883"; empty if invalid.
    // How a sent CONNECT event carries them (Event::text), so that a capture can be made
    // later from the events alone, on a thread that never saw the socket.
    QString toText() const;
    // The inverse of toText(); invalid endpoints for anything else.
    static LinkEndpoints fromText(QStringView text);
};

} // namespace PingScope
