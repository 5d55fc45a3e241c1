#include "sessioncapture.h"

#include "monitor/pcapexport.h"
#include "monitor/pcapwriter.h"
#include "session/keepalivetimer.h"

#include <QDateTime>

namespace PingScope {

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
    m_feed = std::make_unique<CaptureFeed>(*m_writer);
    m_writer->setClockOrigin(KeepAliveTimer::monotonicClock()(), QDateTime::currentDateTimeUtc());
    if (!m_writer->writeFileHeader()) {
        *error =
            QStringLiteral("cannot write the capture %1: %2").arg(path, m_writer->errorString());
        return false;
    }
    return true;
}

void SessionCapture::record(const Session &, const Event &event)
{
    if (m_feed)
        m_feed->record(event);
}

bool SessionCapture::close(QString *error)
{
    if (!m_writer)
        return true;
    m_feed->finish(KeepAliveTimer::monotonicClock()());
    const bool ok = !m_writer->hasError() && m_file.flush();
    if (!ok)
        *error = QStringLiteral("the capture %1 is incomplete: %2")
                     .arg(m_file.fileName(),
                          m_writer->hasError() ? m_writer->errorString() : m_file.errorString());
    m_file.close();
    m_feed.reset();
    m_writer.reset();
    return ok;
}

qint64 SessionCapture::packetsWritten() const
{
    return m_writer ? m_writer->packetsWritten() : 0;
}

} // namespace PingScope
