#pragma once

#include "monitor/clockorigin.h"
#include "monitor/event.h"

#include <QHash>
#include <QString>

class QIODevice;

namespace PingScope {

class EventHistory;
class PcapWriter;

// Turns sessions' events, in order, into a capture's TCP connections: each sent CONNECT
// begins one, with the endpoints it carries (Event::text, LinkEndpoints::toText()); the
// session's own conclusions end it: a Disconnected after a ClosedByBroker is closed by the
// broker, else by the client, and after a black hole it ends silently (no FIN was on the
// wire). What a black-holed session sends never reached the wire, so it is left out.
// Used live (SessionCapture) and afterwards (writeEventsPcap()).
class CaptureFeed
{
public:
    explicit CaptureFeed(PcapWriter &writer); // not owned
    // True if the event became part of the capture (a packet written).
    bool record(const Event &event);
    // Ends the connections still open, at `timeNs`.
    void finish(qint64 timeNs);
    // Packets that had no connection to go in: their CONNECT is not among the events (a
    // bounded history evicted it) or carried no endpoints.
    qint64 packetsSkipped() const { return m_skipped; }

private:
    enum class Ending { ByClient, ByBroker, Silent };
    PcapWriter &m_writer;
    QHash<int, Ending> m_connections; // by session
    qint64 m_skipped = 0;
};

// The history's packets as a pcap file that Wireshark decodes as MQTT (see PcapWriter).
// False with the reason in `error` if the device cannot be written. `skippedPackets`, if
// given, receives CaptureFeed::packetsSkipped().
bool writeEventsPcap(QIODevice *device, const EventHistory &history, const ClockOrigin &origin,
                     QString *error, qint64 *skippedPackets = nullptr);

} // namespace PingScope
