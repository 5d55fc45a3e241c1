#include "sessioncapture.h"

#include "monitor/pcapwriter.h"
#include "session/keepalivetimer.h"
#include "session/session.h"

#include <QDateTime>

namespace PingScope {

using Protocol::PacketType;

SessionCapture::SessionCapture() = default;

SessionCapture::~SessionCapture()
{
    QString ignored;
    close(&ignored);
}

bool SessionCapture::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write the capture %1: %2").arg(path, m_file.errorString());
        return false;
    }
    m_writer = std::make_unique<PcapWriter>(&m_file);
    m_writer->setClockOrigin(KeepAliveTimer::monotonicClock()(), QDateTime::currentDateTimeUtc());
    if (!m_writer->writeFileHeader()) {
        *error =
            QStringLiteral("cannot write the capture %1: %2").arg(path, m_writer->errorString());
        return false;
    }
    return true;
}

void SessionCapture::record(const Session &session, const Event &event)
{
    if (!m_writer)
        return;
    const int key = session.id();
    switch (event.kind) {
    case EventKind::Packet:
        // The CONNECT is the first packet of every connection; the socket is open by then.
        if (event.isPacket(PacketType::Connect, Direction::Sent)) {
            m_writer->beginConnection(session.linkEndpoints(), event.timeNs, key);
            m_connections.insert(key, Ending::ByClient);
        }
        // A black hole swallows what the session sends: it never reached the wire.
        if (m_connections.value(key) != Ending::Silent)
            m_writer->writePacket(event);
        return;
    case EventKind::FaultInjected:
        if (event.fault == FaultKind::BlackHole && m_connections.contains(key))
            m_connections[key] = Ending::Silent;
        return;
    case EventKind::ClosedByBroker:
        if (m_connections.contains(key))
            m_connections[key] = Ending::ByBroker;
        return;
    case EventKind::Disconnected:
        if (m_connections.contains(key)) {
            switch (m_connections.take(key)) {
            case Ending::Silent:
                m_writer->abandonConnection(key);
                break;
            case Ending::ByBroker:
                m_writer->endConnection(event.timeNs, Direction::Received, key);
                break;
            case Ending::ByClient:
                m_writer->endConnection(event.timeNs, Direction::Sent, key);
                break;
            }
        }
        return;
    default:
        return;
    }
}

bool SessionCapture::close(QString *error)
{
    if (!m_writer)
        return true;
    const qint64 now = KeepAliveTimer::monotonicClock()();
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (it.value() != Ending::Silent)
            m_writer->endConnection(now, Direction::Sent, it.key());
    }
    m_connections.clear();
    const bool ok = !m_writer->hasError() && m_file.flush();
    if (!ok)
        *error = QStringLiteral("the capture %1 is incomplete: %2")
                     .arg(m_file.fileName(),
                          m_writer->hasError() ? m_writer->errorString() : m_file.errorString());
    m_file.close();
    m_writer.reset();
    return ok;
}

qint64 SessionCapture::packetsWritten() const
{
    return m_writer ? m_writer->packetsWritten() : 0;
}

} // namespace PingScope
