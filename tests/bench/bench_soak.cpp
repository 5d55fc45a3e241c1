// The soak benchmark: many sessions with keep-alive 1 s and a publisher, for minutes, against
// a private mosquitto (LocalBroker) on a free port. PingScope runs for days on an engineer's
// desk: its memory must be flat once warm, and no PINGREQ may go missing.
//
//   bench_soak [--seconds S | --minutes M] [--sessions 50] [--rate 20] [--warm-up S]
//              [--sample S] [--max-slope KIB_PER_MIN] [--max-heap-slope KIB_PER_MIN]
//
// Every subscriber subscribes to the publisher's topic: four in five at QoS 0, so that they
// send nothing but PINGREQs and ping every second; one in five at QoS 2, so that the
// receiving side of the QoS 2 flow runs all along (they send PUBREC and PUBCOMP, so they need
// no PINGREQ). The publisher sends `rate` messages a second of 100 bytes, QoS 0, 1 and 2 in
// turn. Memory is sampled every `sample` seconds (memorysamples.h); after the warm-up (a
// third of the run, at least 20 s and at most 180 s) the slopes of RSS and of the heap in
// use are reported in KiB per minute. All events go into one LinkStatistics (what the CLI's
// summary uses) and nowhere else: memory that grows is the sessions' own.
//
// Prints a line per sample, then a summary. Exit status: 0 all well; 1 a PINGREQ went
// unanswered, a session lost its link or a QoS 1/2 message, or a slope is beyond its bound
// (RSS 64 KiB/min and heap 8 KiB/min on long runs, more on short ones: see slopeBound());
// 2 usage; 3 no mosquitto; 4 inconclusive: the run failed while the machine itself held a
// thread of ours back by 250 ms or more (a probe timer on a thread of its own, as in
// tests/integration; a virtual machine whose host steals its CPU does that), which with
// keep-alive 1 s is enough for mosquitto to drop a client that did nothing wrong.
//
// ctest runs it for 60 s (label "soak"); the long run is `bench_soak --minutes 10`.

#include "../support/timerlatenessprobe.h"
#include "memorysamples.h"
#include "processfigures.h"

#include "broker/localbroker.h"
#include "monitor/linkstatistics.h"
#include "monitor/sessionhub.h"
#include "session/session.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

struct Options
{
    double seconds = 600;
    int sessions = 50;        // subscribers; the publisher comes on top
    int rate = 20;            // messages a second
    double warmUp = -1;       // seconds; -1: see the top
    double sample = 2;        // seconds between memory samples
    double maxSlope = -1;     // RSS, KiB per minute; -1: see slopeBound()
    double maxHeapSlope = -1; // heap in use, KiB per minute; -1: see slopeBound()
};

[[noreturn]] void usage()
{
    std::fprintf(stderr, "usage: bench_soak [--seconds S | --minutes M] [--sessions N] [--rate N]\n"
                         "                  [--warm-up S] [--sample S] [--max-slope KIB_PER_MIN]\n"
                         "                  [--max-heap-slope KIB_PER_MIN]\n");
    std::exit(2);
}

// The default bound on a slope: `steady` KiB/min, or what one step of `stepKiB` in the middle
// of the measured window would show (1.5 x step / window), whichever is larger. A short run
// cannot tell a one-off allocation from a trend; a long one gets the steady bound. RSS steps
// by up to a heap extension (glibc pads them by 128 KiB); the heap in use by the sockets' and
// decoders' buffers, which keep the size of the largest read: after the machine stalls us,
// 51 of them grow by a few hundred bytes each (measured: about 8 KiB at a time).
double slopeBound(double steady, double stepKiB, double windowMinutes)
{
    return std::max(steady, 1.5 * stepKiB / windowMinutes);
}

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &name = arguments.at(i);
        if (i + 1 >= arguments.size())
            usage();
        bool ok = false;
        const double value = arguments.at(++i).toDouble(&ok);
        if (!ok || value < 0)
            usage();
        if (name == QLatin1String("--seconds"))
            options.seconds = value;
        else if (name == QLatin1String("--minutes"))
            options.seconds = value * 60;
        else if (name == QLatin1String("--sessions"))
            options.sessions = int(value);
        else if (name == QLatin1String("--rate"))
            options.rate = int(value);
        else if (name == QLatin1String("--warm-up"))
            options.warmUp = value;
        else if (name == QLatin1String("--sample"))
            options.sample = value;
        else if (name == QLatin1String("--max-slope"))
            options.maxSlope = value;
        else if (name == QLatin1String("--max-heap-slope"))
            options.maxHeapSlope = value;
        else
            usage();
    }
    if (options.warmUp < 0)
        options.warmUp = std::clamp(options.seconds / 3, 20.0, 180.0);
    const double windowMinutes = (options.seconds - options.warmUp) / 60;
    if (options.maxSlope < 0)
        options.maxSlope = slopeBound(64, 160, windowMinutes);
    if (options.maxHeapSlope < 0)
        options.maxHeapSlope = slopeBound(8, 16, windowMinutes);
    // Enough samples after the warm-up for a slope to mean something.
    if (options.sessions < 1 || options.rate < 1 || options.rate > 1000 || options.sample <= 0 ||
        options.warmUp + 5 * options.sample > options.seconds)
        usage();
    return options;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

long long n(qint64 value)
{
    return static_cast<long long>(value);
}

class Soak : public QObject
{
public:
    Soak(const Options &options, const LocalBroker &broker)
        : m_options(options)
    {
        const QString topic = QStringLiteral("soak/messages");
        for (int i = 0; i <= options.sessions; ++i) {
            SessionSettings settings;
            settings.host = broker.host();
            settings.port = broker.port();
            settings.clientId =
                QStringLiteral("ps-soak-%1-%2").arg(QCoreApplication::applicationPid()).arg(i);
            settings.keepAliveSeconds = 1;
            auto session = std::make_unique<Session>(&m_hub);
            session->setSettings(settings);
            connect(session.get(), &Session::eventRecorded, this, &Soak::onEvent);
            if (i > 0)
                subscribeOnConnect(*session, topic, i % 5 == 0 ? 2 : 0);
            session->open();
            m_sessions.push_back(std::move(session));
        }
        m_qos2Subscribers = options.sessions / 5;
        m_message.topic = topic;
        m_message.payload = QByteArray(100, 'x');
        connect(m_sessions.front().get(), &Session::publishCompleted, this,
                [this](quint16, quint8 code) {
                    if (code < 0x80)
                        ++m_qos12Published;
                    else
                        ++m_refused;
                });
        connect(&m_publishTimer, &QTimer::timeout, this, &Soak::publish);
        m_publishTimer.setTimerType(Qt::PreciseTimer);
        m_publishTimer.start(1000 / options.rate);
        const auto samples = std::size_t(options.seconds / options.sample) + 2;
        m_rss.reserve(samples);
        m_heap.reserve(samples);
        connect(&m_sampleTimer, &QTimer::timeout, this, &Soak::sampleMemory);
        m_sampleTimer.start(int(options.sample * 1000));
        m_clock.start();
    }

    // Stops publishing, lets the last flows finish, reports, and returns the exit status.
    int finish()
    {
        m_publishTimer.stop();
        m_sampleTimer.stop();
        QTimer::singleShot(2000, qApp, &QCoreApplication::quit);
        QCoreApplication::exec();
        const int status = report();
        for (const auto &session : m_sessions) {
            session->disconnect(this); // their "disconnected" is no loss
            session->close();
        }
        return status;
    }

private:
    void subscribeOnConnect(Session &subscriber, const QString &topic, quint8 qos)
    {
        // Again after a reconnect, too (which would count as a loss anyway).
        connect(&subscriber, &Session::stateChanged, this,
                [&subscriber, topic, qos](Session::State state) {
                    if (state == Session::State::Connected)
                        subscriber.subscribe({Subscription{topic, qos}});
                });
        if (qos == 2)
            connect(&subscriber, &Session::messageReceived, this,
                    [this](const PublishPacket &message) {
                        if (message.qos > 0)
                            ++m_qos12Received;
                    });
    }

    void onEvent(const Event &event)
    {
        m_statistics.add(event);
        if (event.kind == EventKind::Disconnected || event.kind == EventKind::PingTimeout)
            ++m_losses;
    }

    void publish()
    {
        Session &publisher = *m_sessions.front();
        if (!publisher.isConnected())
            return;
        m_message.qos = quint8(m_published % 3);
        if (publisher.publish(m_message).ok)
            ++m_published;
    }

    void sampleMemory()
    {
        const double t = double(m_clock.nsecsElapsed()) / 1e9;
        const qint64 rss = memoryKiB("VmRSS:");
        const qint64 heap = heapInUseKiB();
        std::printf("t=%7.1f s  rss=%7lld KiB  heap=%7lld KiB  pings=%lld/%lld  messages=%lld\n", t,
                    n(rss), n(heap), n(m_statistics.pingsAnswered()), n(m_statistics.pingsSent()),
                    n(m_statistics.messagesReceived()));
        std::fflush(stdout);
        if (t < m_options.warmUp)
            return;
        m_rss.add(t / 60, rss);
        m_heap.add(t / 60, heap);
    }

    int report() const
    {
        const bool haveHeap = heapInUseKiB() >= 0;
        const LatencyHistogram &lateness = m_statistics.pingLateness();
        // Every QoS 2 subscriber must have every QoS 1/2 message the broker accepted.
        const qint64 expected = m_qos12Published * m_qos2Subscribers;
        const qint64 missed = m_statistics.pingTimeouts();
        std::printf("soak: %d sessions + a publisher, keep-alive 1 s, %.0f s (warm-up %.0f s)\n",
                    m_options.sessions, double(m_clock.nsecsElapsed()) / 1e9, m_options.warmUp);
        std::printf("  memory after the warm-up (%zu samples): RSS %+.1f KiB/min (bound %.0f), "
                    "heap in use %+.2f KiB/min (bound %.0f)\n",
                    m_rss.size(), m_rss.slope(), m_options.maxSlope,
                    haveHeap ? m_heap.slope() : 0.0, m_options.maxHeapSlope);
        std::printf("  pings: %lld sent, %lld answered, %lld missed; lateness p50 %.2f ms, "
                    "p99 %.2f ms, max %.2f ms\n",
                    n(m_statistics.pingsSent()), n(m_statistics.pingsAnswered()), n(missed),
                    ms(lateness.quantile(0.5)), ms(lateness.quantile(0.99)),
                    ms(lateness.maximum()));
        std::printf("  messages: %lld published, %lld received; QoS 1/2 at the QoS 2 "
                    "subscribers: %lld of %lld; links lost: %lld; errors: %lld\n",
                    n(m_published), n(m_statistics.messagesReceived()), n(m_qos12Received),
                    n(expected), n(m_losses), n(m_statistics.errors()));
        bool ok = true;
        const auto fail = [&ok](const char *what) {
            std::printf("FAILED: %s\n", what);
            ok = false;
        };
        if (missed > 0)
            fail("a PINGREQ went unanswered");
        if (m_statistics.pingsSent() == 0)
            fail("no PINGREQ was sent at all");
        if (m_losses > 0 || m_statistics.errors() > 0 || m_refused > 0)
            fail("a session lost its link, saw an error, or had a message refused");
        if (m_qos12Received != expected)
            fail("a QoS 1/2 message did not reach every QoS 2 subscriber");
        if (m_rss.slope() > m_options.maxSlope)
            fail("resident memory grows beyond its bound after the warm-up");
        if (haveHeap && m_heap.slope() > m_options.maxHeapSlope)
            fail("the heap in use grows beyond its bound after the warm-up");
        return ok ? 0 : 1;
    }

    Options m_options;
    SessionHub m_hub;
    std::vector<std::unique_ptr<Session>> m_sessions; // [0] publishes, the rest subscribe
    LinkStatistics m_statistics;
    PublishPacket m_message;
    QTimer m_publishTimer;
    QTimer m_sampleTimer;
    QElapsedTimer m_clock;
    MemorySeries m_rss;
    MemorySeries m_heap;
    qint64 m_published = 0;
    qint64 m_qos12Published = 0; // completed with success
    qint64 m_qos12Received = 0;  // by the QoS 2 subscribers together
    qint64 m_refused = 0;
    qint64 m_losses = 0; // disconnections and ping timeouts
    int m_qos2Subscribers = 0;
};

} // namespace

constexpr qint64 StarvedMachineNs = 250'000'000;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // A line per state change of 51 sessions says nothing here; warnings still show.
    QLoggingCategory::setFilterRules(QStringLiteral("pingscope.*.debug=false"));
    const Options options = parseOptions(app.arguments());
    LocalBroker broker;
    if (!broker.start()) {
        std::fprintf(stderr, "bench_soak: %s\n", qPrintable(broker.errorString()));
        return 3;
    }
    TimerLatenessProbe machine(TimerLatenessProbe::Steal::Ignore); // its samples would be heap
    machine.start();
    Soak soak(options, broker);
    QTimer::singleShot(int(options.seconds * 1000), &app, &QCoreApplication::quit);
    QCoreApplication::exec();
    const int status = soak.finish();
    machine.quit();
    machine.wait();
    std::printf("  the machine held a probe thread back by up to %.1f ms\n",
                ms(machine.maximumLatenessNs()));
    broker.stop();
    if (status != 0 && machine.maximumLatenessNs() >= StarvedMachineNs) {
        std::printf("INCONCLUSIVE: the machine starved this process; the run says nothing\n");
        return 4;
    }
    return status;
}
