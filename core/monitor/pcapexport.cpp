#include "pcapexport.h"

#include "monitor/eventhistory.h"
#include "monitor/linkendpoints.h"
#include "monitor/pcapwriter.h"

namespace PingScope {

CaptureFeed::CaptureFeed(PcapWriter &writer)
    : m_writer(writer)
{}

bool CaptureFeed::record(const Event &event)
{
    const int key = event.session;
    switch (event.kind) {
    case EventKind::Packet:
        // The CONNECT is the first packet of every connection; the socket is open by then.
        if (event.isPacket(Protocol::PacketType::Connect, Direction::Sent)) {
            m_connections.remove(key);
            if (m_writer.beginConnection(LinkEndpoints::fromText(event.text), event.timeNs, key))
                m_connections.insert(key, Ending::ByClient);
        }
        if (!m_connections.contains(key)) {
            ++m_skipped;
            return false;
        }
        // A black hole swallows what the session sends: it never reached the wire.
        return m_connections.value(key) != Ending::Silent && m_writer.writePacket(event);
    case EventKind::FaultInjected:
        if (event.fault == FaultKind::BlackHole && m_connections.contains(key))
            m_connections[key] = Ending::Silent;
        return false;
    case EventKind::ClosedByBroker:
        if (m_connections.contains(key))
            m_connections[key] = Ending::ByBroker;
        return false;
    case EventKind::Disconnected:
        if (m_connections.contains(key)) {
            switch (m_connections.take(key)) {
            case Ending::Silent:
                m_writer.abandonConnection(key);
                break;
            case Ending::ByBroker:
                m_writer.endConnection(event.timeNs, Direction::Received, key);
                break;
            case Ending::ByClient:
                m_writer.endConnection(event.timeNs, Direction::Sent, key);
                break;
            }
        }
        return false;
    default:
        return false;
    }
}

void CaptureFeed::finish(qint64 timeNs)
{
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (it.value() == Ending::Silent)
            m_writer.abandonConnection(it.key());
        else
            m_writer.endConnection(timeNs, Direction::Sent, it.key());
    }
    m_connections.clear();
}

bool writeEventsPcap(QIODevice *device, const EventHistory &history, const ClockOrigin &origin,
                     QString *error, qint64 *skippedPackets)
{
    PcapWriter writer(device);
    writer.setClockOrigin(origin.monotonicNs, origin.wall);
    CaptureFeed feed(writer);
    writer.writeFileHeader();
    for (qsizetype i = 0; i < history.size() && !writer.hasError(); ++i)
        feed.record(history.at(i));
    // A connection still open at the end of the history ends there: the file is complete
    // as far as it goes.
    feed.finish(history.isEmpty() ? 0 : history.last().timeNs);
    if (skippedPackets)
        *skippedPackets = feed.packetsSkipped();
    if (writer.hasError()) {
        *error = writer.errorString();
        return false;
    }
    return true;
}

} // namespace PingScope
