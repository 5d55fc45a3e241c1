#include "eventprinter.h"

#include "monitor/eventjson.h"

#include <cerrno>
#include <cstring>

namespace PingScope::Cli {

using namespace Protocol;

namespace {

constexpr qsizetype FlushThreshold = 64 * 1024;
constexpr qsizetype PreviewCharacters = 120;

QString durationOrDash(qint64 ns)
{
    return ns < 0 ? QStringLiteral("-") : durationText(ns);
}

// The start of a payload, on one line: text if it is UTF-8, else hex.
QString payloadPreview(const QByteArray &payload)
{
    std::optional<QString> text = payloadText(payload);
    if (!text)
        return QStringLiteral("0x") + QString::fromLatin1(payload.left(32).toHex()) +
               (payload.size() > 32 ? QStringLiteral("...") : QString());
    const bool cut = text->size() > PreviewCharacters;
    text->truncate(PreviewCharacters);
    text->replace(QLatin1Char('\n'), QStringLiteral("\\n"))
        .replace(QLatin1Char('\r'), QStringLiteral("\\r"));
    return *text + (cut ? QStringLiteral("...") : QString());
}

QString messageText(const Event &event)
{
    const std::optional<PublishPacket> publish = event.publish();
    if (!publish)
        return event.summary();
    QStringList flags{QStringLiteral("qos %1").arg(publish->qos)};
    if (publish->retain)
        flags << QStringLiteral("retain");
    if (publish->dup)
        flags << QStringLiteral("dup");
    flags << QStringLiteral("%1 B").arg(publish->payload.size());
    return QStringLiteral("%1 (%2): %3")
        .arg(publish->topic, flags.join(QStringLiteral(", ")), payloadPreview(publish->payload));
}

} // namespace

EventPrinter::EventPrinter(Format format, bool quiet, bool allPackets, qint64 originNs,
                           std::FILE *out)
    : m_format(format)
    , m_quiet(quiet)
    , m_allPackets(allPackets)
    , m_originNs(originNs)
    , m_out(out)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    QObject::connect(&m_flushTimer, &QTimer::timeout, [this] { flush(); });
}

EventPrinter::~EventPrinter()
{
    flush();
}

bool EventPrinter::wants(const Event &event) const
{
    if (m_quiet)
        return false;
    // A packet is shown when it means something (a ping, a message, the broker's
    // DISCONNECT); the rest (CONNECT, acks, ...) with --packets.
    return m_allPackets || !event.isPacket() || event.name() != QLatin1String("packet");
}

void EventPrinter::print(const Event &event)
{
    if (!wants(event))
        return;
    if (m_format == Format::Json)
        append(jsonLine(eventToJson(event, m_originNs)));
    else
        append(humanLine(event));
}

QByteArray EventPrinter::humanLine(const Event &event) const
{
    const QString time = QString::number(double(event.timeNs - m_originNs) / 1e9, 'f', 6);
    QString text;
    if (event.isPacket(PacketType::Publish, Direction::Received))
        text = QStringLiteral("message ") + messageText(event);
    else if (event.isPacket())
        text =
            (event.direction == Direction::Sent ? QStringLiteral("-> ") : QStringLiteral("<- ")) +
            event.summary();
    else
        text = event.summary();
    return QStringLiteral("%1 [%2] %3").arg(time, 12).arg(event.session).arg(text).toUtf8();
}

void EventPrinter::printSummary(const RunSummary &summary)
{
    const LinkStatistics &stats = *summary.statistics;
    if (m_format == Format::Json) {
        QJsonObject json{
            {QStringLiteral("t"), summary.seconds},
            {QStringLiteral("event"), QStringLiteral("summary")},
            {QStringLiteral("ending"), summary.ending},
            {QStringLiteral("exit_code"), summary.exitCode},
            {QStringLiteral("sessions"), summary.sessions},
            {QStringLiteral("connected_at_end"), summary.connectedAtEnd},
            {QStringLiteral("connections"), stats.connections()},
            {QStringLiteral("messages"), stats.messagesReceived()},
            {QStringLiteral("messages_per_s"), summary.messageRate},
            {QStringLiteral("messages_sent"), stats.messagesSent()},
            {QStringLiteral("pings_sent"), stats.pingsSent()},
            {QStringLiteral("pings_answered"), stats.pingsAnswered()},
            {QStringLiteral("ping_timeouts"), stats.pingTimeouts()},
            {QStringLiteral("closed_by_broker"), stats.closedByBroker()},
            {QStringLiteral("taken_over"), stats.takeovers()},
        };
        const auto addQuantiles = [&json](const QString &prefix, const LatencyHistogram &h) {
            if (h.isEmpty())
                return;
            json.insert(prefix + QStringLiteral("_p50_ms"),
                        double(h.quantile(0.5) / 1000) / 1000.0);
            json.insert(prefix + QStringLiteral("_p99_ms"),
                        double(h.quantile(0.99) / 1000) / 1000.0);
            json.insert(prefix + QStringLiteral("_max_ms"), double(h.maximum() / 1000) / 1000.0);
        };
        addQuantiles(QStringLiteral("rtt"), stats.roundTrip());
        addQuantiles(QStringLiteral("late"), stats.pingLateness());
        append(jsonLine(json));
    } else {
        const LatencyHistogram &rtt = stats.roundTrip();
        const LatencyHistogram &late = stats.pingLateness();
        const QString text =
            QStringLiteral("--- summary: %1 after %2 s, exit status %3\n"
                           "sessions   %4 of %5 connected at the end; %6 connections, %7 "
                           "closed by the broker, %8 taken over\n"
                           "messages   %9 received (%10 per second), %11 sent\n"
                           "pings      %12 sent, %13 answered, %14 timed out\n"
                           "RTT        p50 %15, p99 %16, max %17\n"
                           "lateness   p50 %18, p99 %19, max %20")
                .arg(summary.ending, QString::number(summary.seconds, 'f', 3))
                .arg(summary.exitCode)
                .arg(summary.connectedAtEnd)
                .arg(summary.sessions)
                .arg(stats.connections())
                .arg(stats.closedByBroker())
                .arg(stats.takeovers())
                .arg(stats.messagesReceived())
                .arg(QString::number(summary.messageRate, 'f', 0))
                .arg(stats.messagesSent())
                .arg(stats.pingsSent())
                .arg(stats.pingsAnswered())
                .arg(stats.pingTimeouts())
                .arg(durationOrDash(rtt.quantile(0.5)), durationOrDash(rtt.quantile(0.99)),
                     durationOrDash(rtt.maximum()), durationOrDash(late.quantile(0.5)),
                     durationOrDash(late.quantile(0.99)), durationOrDash(late.maximum()));
        append(text.toUtf8());
    }
    flush();
}

void EventPrinter::append(const QByteArray &line)
{
    m_buffer += line;
    m_buffer += '\n';
    if (m_buffer.size() >= FlushThreshold)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void EventPrinter::flush()
{
    m_flushTimer.stop();
    if (m_buffer.isEmpty() || m_failed) {
        m_buffer.clear();
        return;
    }
    const size_t size = size_t(m_buffer.size());
    const bool written =
        std::fwrite(m_buffer.constData(), 1, size, m_out) == size && std::fflush(m_out) == 0;
    m_buffer.clear();
    if (written)
        return;
    const int error = errno;
    m_failed = true;
    if (m_onFailure)
        m_onFailure(QString::fromLocal8Bit(std::strerror(error)), error == EPIPE);
}

} // namespace PingScope::Cli
