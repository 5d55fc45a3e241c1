// The GUI under a burst (packaging/bench.sh gui; DESIGN.md "Performance targets"): the real
// MainWindow, offscreen, with one session on a private mosquitto subscribed to the burst's
// topic (keep-alive 2 s), while bench_publisher sends N QoS 0 messages of S bytes as fast as
// the broker takes them. A 10 ms timer on the UI thread measures its stalls. Then the same
// burst to mosquitto_sub, on the same broker, as the reference for the time to take it all.
//
//   bench_gui_ingest [--messages 1000000] [--size 100] [--keep-alive 2]
//                    [--publisher PATH] [--batch-budget-ms 15] [--no-reference]
//
// Prints a few lines for people, then one JSON object (the last line) for bench.sh. Exits 1
// if the run could not be made (no mosquitto, no publisher, a timeout).

#include "broker/localbroker.h"
#include "eventloopwait.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/sessionlistmodel.h"
#include "processfigures.h"
#include "session/messagemodel.h"
#include "session/sessionhost.h"
#include "session/sessionview.h"
#include "stallprobe.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace PingScope;

namespace {

constexpr int ConnectTimeoutMs = 10'000;
constexpr int BurstTimeoutMs = 600'000;
constexpr qint64 LatePingNs = 50'000'000; // the target: no PINGREQ later than this
constexpr qint64 StallTargetNs = 50'000'000;
// The same probe with the window idle first: what the machine itself (other processes on
// the cores) adds to every tick, the floor the burst's figures stand on.
constexpr int IdleProbeMs = 3000;

struct Options
{
    qint64 messages = 1'000'000;
    qint64 size = 100;
    quint16 keepAlive = 2;
    QString publisher;
    int batchBudgetMs = SessionHost::DefaultBatchBudgetMs;
    bool reference = true;
};

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "bench_gui_ingest: %s\n", qPrintable(why));
    std::exit(1);
}

Options parseOptions(const QApplication &app)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("Burst size."),
                                      QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Payload bytes."),
                                  QStringLiteral("bytes"), QStringLiteral("100"));
    const QCommandLineOption keepAlive(QStringLiteral("keep-alive"),
                                       QStringLiteral("The session's keep-alive."),
                                       QStringLiteral("s"), QStringLiteral("2"));
    const QCommandLineOption publisher(
        QStringLiteral("publisher"),
        QStringLiteral("bench_publisher (default: next to this program)."), QStringLiteral("path"),
        QCoreApplication::applicationDirPath() + QStringLiteral("/bench_publisher"));
    const QCommandLineOption budget(
        QStringLiteral("batch-budget-ms"),
        QStringLiteral("SessionHost's UI time per batch; 0: no cap (for comparison)."),
        QStringLiteral("ms"), QString::number(SessionHost::DefaultBatchBudgetMs));
    const QCommandLineOption noReference(QStringLiteral("no-reference"),
                                         QStringLiteral("Skip the mosquitto_sub run."));
    parser.addOptions({messages, size, keepAlive, publisher, budget, noReference});
    parser.process(app);
    Options options;
    options.messages = parser.value(messages).toLongLong();
    options.size = parser.value(size).toLongLong();
    options.keepAlive = quint16(parser.value(keepAlive).toUInt());
    options.publisher = parser.value(publisher);
    options.batchBudgetMs = parser.value(budget).toInt();
    options.reference = !parser.isSet(noReference);
    if (options.messages <= 0 || options.size <= 0 || options.keepAlive == 0)
        fail(QStringLiteral("--messages, --size and --keep-alive must be positive"));
    return options;
}

// Two decimals are all the report needs.
double hundredths(double value)
{
    return std::round(value * 100) / 100;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

// Runs bench_publisher to `topic` and returns at once; fails the run if it cannot start.
QProcess *startPublisher(const Options &options, quint16 port, const QString &topic,
                         QObject *parent)
{
    auto *process = new QProcess(parent);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(options.publisher,
                   {QStringLiteral("--port"), QString::number(port), QStringLiteral("--topic"),
                    topic, QStringLiteral("--count"), QString::number(options.messages),
                    QStringLiteral("--size"), QString::number(options.size),
                    QStringLiteral("--client-id"), QStringLiteral("pub-") + topic});
    if (!process->waitForStarted())
        fail(QStringLiteral("could not run %1: %2").arg(options.publisher, process->errorString()));
    return process;
}

struct GuiFigures
{
    qint64 ingestNs = -1;
    quint64 rows = 0;
    quint64 modelDropped = 0;
    quint64 hostDropped = 0; // messages SessionHost dropped because the UI was behind
    qint64 messagesReceived = 0;
    qint64 pingsSent = 0;
    qint64 pingTimeouts = 0;
    qint64 pingLatenessMaxNs = -1;
    qint64 pingLatenessP99Ns = -1;
    qint64 batches = 0;
    qint64 largestBatch = 0;
    qint64 rssBeforeKiB = 0;
    LatencyHistogram batchCosts; // the window's time per batch (SessionHost's receivers)
    qint64 uiCpuNs = 0;          // the UI thread's CPU time over the burst
    qint64 networkCpuNs = 0;     // the network thread's
    qint64 idleP50Ns = 0;
    qint64 idleP99Ns = 0;
    qint64 idleMaxNs = 0;
};

GuiFigures runGui(const Options &options, LocalBroker &broker, MainWindow &window,
                  StallProbe &probe)
{
    SessionSettings settings;
    settings.host = broker.host();
    settings.port = broker.port();
    settings.clientId = QStringLiteral("bench-gui-%1").arg(QCoreApplication::applicationPid());
    settings.keepAliveSeconds = options.keepAlive;
    const int id = window.createSessionFromProfile(
        ConnectionProfile::create(QStringLiteral("burst"), settings));
    SessionHost *host = window.host();
    host->setBatchBudgetMs(options.batchBudgetMs);
    std::function<void()> wakeUp;
    GuiFigures figures;
    bool subscribed = false;
    bool measuring = false;
    QObject context;
    // After the window's own receiver: what it shows is up to date when this runs.
    QObject::connect(host, &SessionHost::batchReady, &context, [&](const SessionBatch &batch) {
        ++figures.batches;
        if (measuring && figures.batches > 1)
            figures.batchCosts.add(host->lastBatchCostNs()); // the batch before this one
        figures.largestBatch = std::max<qint64>(figures.largestBatch, batch.events.size());
        if (wakeUp)
            wakeUp();
    });
    QObject::connect(host, &SessionHost::subscribeCompleted, &context,
                     [&](int session, quint16, const QList<quint8> &codes) {
                         subscribed = session == id && codes.value(0) == 0;
                         if (wakeUp)
                             wakeUp();
                     });
    const auto status = [&] { return window.sessionList()->status(id); };
    if (!waitInEventLoop([&] { return status() && status()->state == Session::State::Connected; },
                         ConnectTimeoutMs, wakeUp))
        fail(QStringLiteral("the window's session did not connect"));
    host->subscribe(id, {Protocol::Subscription{QStringLiteral("bench/gui"), 0}});
    if (!waitInEventLoop([&] { return subscribed; }, ConnectTimeoutMs, wakeUp))
        fail(QStringLiteral("the window's session did not subscribe"));

    MessageModel *model = window.sessionView(id)->messages();
    const auto seen = [&] {
        const SessionStatus *s = status();
        return quint64(model->rowCount()) + model->droppedCount() + (s ? s->messagesDropped : 0);
    };
    probe.start(StallTargetNs);
    bool idleDone = false;
    QTimer::singleShot(IdleProbeMs, &context, [&] {
        idleDone = true;
        if (wakeUp)
            wakeUp();
    });
    waitInEventLoop([&] { return idleDone; }, 2 * IdleProbeMs, wakeUp);
    probe.stop();
    figures.idleP50Ns = probe.stalls().quantile(0.5);
    figures.idleP99Ns = probe.stalls().quantile(0.99);
    figures.idleMaxNs = probe.stalls().maximum();

    figures.rssBeforeKiB = memoryKiB("VmRSS:");
    figures.batches = 0;
    QElapsedTimer clock;
    const qint64 uiCpuBefore = threadCpuNs();
    const qint64 networkCpuBefore = threadCpuNs("pingscope-network");
    measuring = true;
    probe.start(StallTargetNs);
    clock.start();
    QProcess *publisher =
        startPublisher(options, broker.port(), QStringLiteral("bench/gui"), &context);
    if (!waitInEventLoop([&] { return seen() >= quint64(options.messages); }, BurstTimeoutMs,
                         wakeUp))
        fail(QStringLiteral("the window saw %1 of %2 messages").arg(seen()).arg(options.messages));
    figures.ingestNs = clock.nsecsElapsed();
    probe.stop();
    measuring = false;
    figures.batchCosts.add(host->lastBatchCostNs());
    figures.uiCpuNs = threadCpuNs() - uiCpuBefore;
    figures.networkCpuNs = threadCpuNs("pingscope-network") - networkCpuBefore;
    publisher->waitForFinished();

    const SessionStatus *s = status();
    figures.rows = quint64(model->rowCount());
    figures.modelDropped = model->droppedCount();
    figures.hostDropped = s->messagesDropped;
    figures.messagesReceived = s->messagesReceived;
    figures.pingsSent = s->pingsSent;
    figures.pingTimeouts = s->pingTimeouts;
    figures.pingLatenessMaxNs = s->pingLatenessMaxNs;
    figures.pingLatenessP99Ns = s->pingLatenessP99Ns;
    return figures;
}

// The same burst to mosquitto_sub: from the publisher's start until it has all and exits.
qint64 runReference(const Options &options, LocalBroker &broker)
{
    const QString id = QStringLiteral("bench-ref-%1").arg(QCoreApplication::applicationPid());
    std::function<void()> wakeUp;
    bool subscribed = false;
    QObject context;
    // mosquitto logs "<client id> <qos> <filter>" for each subscription (log_type subscribe).
    QObject::connect(&broker, &LocalBroker::logAppended, &context, [&](const QString &lines) {
        subscribed = subscribed || lines.contains(id + QStringLiteral(" 0 bench/ref"));
        if (wakeUp)
            wakeUp();
    });
    QProcess subscriber;
    subscriber.setStandardOutputFile(QProcess::nullDevice());
    QObject::connect(&subscriber, &QProcess::finished, &context, [&] {
        if (wakeUp)
            wakeUp();
    });
    subscriber.start(QStringLiteral("mosquitto_sub"),
                     {QStringLiteral("-p"), QString::number(broker.port()), QStringLiteral("-i"),
                      id, QStringLiteral("-C"), QString::number(options.messages),
                      QStringLiteral("-t"), QStringLiteral("bench/ref")});
    if (!subscriber.waitForStarted())
        fail(QStringLiteral("could not run mosquitto_sub: %1").arg(subscriber.errorString()));
    if (!waitInEventLoop([&] { return subscribed; }, ConnectTimeoutMs, wakeUp))
        fail(QStringLiteral("mosquitto_sub did not subscribe"));
    QElapsedTimer clock;
    clock.start();
    startPublisher(options, broker.port(), QStringLiteral("bench/ref"), &context);
    if (!waitInEventLoop([&] { return subscriber.state() == QProcess::NotRunning; }, BurstTimeoutMs,
                         wakeUp))
        fail(QStringLiteral("mosquitto_sub did not receive the burst"));
    if (subscriber.exitCode() != 0)
        fail(QStringLiteral("mosquitto_sub exited with %1").arg(subscriber.exitCode()));
    return clock.nsecsElapsed();
}

} // namespace

int main(int argc, char *argv[])
{
    // A benchmark of the window's own work, not of a display server's.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Options options = parseOptions(app);

    // Never the user's settings or profiles.
    QTemporaryDir scratch;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, scratch.path());

    LocalBroker broker;
    // No queue limit: the broker must not drop what a slow subscriber has not read yet.
    broker.setExtraConfig(
        {QStringLiteral("max_queued_messages 0"), QStringLiteral("log_type subscribe")});
    if (!broker.start())
        fail(broker.errorString());

    StallProbe probe;
    GuiFigures gui;
    qint64 peakKiB = 0;
    {
        MainWindow window(nullptr, scratch.filePath(QStringLiteral("profiles")));
        window.setLocalBroker(&broker);
        window.show();
        gui = runGui(options, broker, window, probe);
        peakKiB = memoryKiB("VmHWM:");
    }
    const qint64 referenceNs = options.reference ? runReference(options, broker) : -1;

    const quint64 seen = gui.rows + gui.modelDropped + gui.hostDropped;
    const LatencyHistogram &stalls = probe.stalls();
    const bool latePing = gui.pingLatenessMaxNs > LatePingNs || gui.pingTimeouts > 0;
    std::printf("burst: %lld messages x %lld B, keep-alive %u s, batch budget %d ms\n",
                options.messages, options.size, options.keepAlive, options.batchBudgetMs);
    std::printf("UI stalls (10 ms timer, %lld ticks): p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                "%lld over %.0f ms\n",
                stalls.count(), ms(stalls.quantile(0.5)), ms(stalls.quantile(0.99)),
                ms(stalls.maximum()), probe.countAbove(), ms(StallTargetNs));
    std::printf("  in the ticks over %.0f ms the UI thread ran %.0f %% of the time (the rest it "
                "waited for a core)\n",
                ms(StallTargetNs), 100 * std::max(0.0, probe.runningShareAbove()));
    std::printf("  the window's time per batch: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                ms(gui.batchCosts.quantile(0.5)), ms(gui.batchCosts.quantile(0.99)),
                ms(gui.batchCosts.maximum()));
    std::printf("CPU per message: UI thread %.2f us, network thread %.2f us\n",
                double(gui.uiCpuNs) / 1e3 / double(options.messages),
                double(gui.networkCpuNs) / 1e3 / double(options.messages));
    std::printf("  the same timer with the window idle, before the burst: p50 %.1f ms, p99 %.1f "
                "ms, max %.1f ms\n",
                ms(gui.idleP50Ns), ms(gui.idleP99Ns), ms(gui.idleMaxNs));
    if (referenceNs > 0) {
        std::printf("ingest: %.3f s in the window; mosquitto_sub %.3f s; ratio %.2f\n",
                    ms(gui.ingestNs) / 1e3, ms(referenceNs) / 1e3,
                    double(gui.ingestNs) / double(referenceNs));
    } else {
        std::printf("ingest: %.3f s in the window (no reference run)\n", ms(gui.ingestNs) / 1e3);
    }
    std::printf("seen in the window: %llu = %llu rows + %llu dropped by the model + %llu "
                "dropped before the UI (of %lld received); %lld batches, largest %lld events\n",
                seen, gui.rows, gui.modelDropped, gui.hostDropped, gui.messagesReceived,
                gui.batches, gui.largestBatch);
    std::printf("memory: peak RSS (VmHWM) %.1f MiB; RSS before the burst %.1f MiB\n",
                double(peakKiB) / 1024, double(gui.rssBeforeKiB) / 1024);
    std::printf("pings: %lld sent, lateness p99 %.2f ms, max %.2f ms, %lld timeouts%s\n",
                gui.pingsSent, ms(gui.pingLatenessP99Ns), ms(gui.pingLatenessMaxNs),
                gui.pingTimeouts, latePing ? " (LATE)" : "");
    const QJsonObject figures{
        {QStringLiteral("messages"), options.messages},
        {QStringLiteral("batch_budget_ms"), options.batchBudgetMs},
        {QStringLiteral("stall_p50_ms"), hundredths(ms(stalls.quantile(0.5)))},
        {QStringLiteral("stall_p99_ms"), hundredths(ms(stalls.quantile(0.99)))},
        {QStringLiteral("stall_max_ms"), hundredths(ms(stalls.maximum()))},
        {QStringLiteral("stalls_over_50ms"), probe.countAbove()},
        {QStringLiteral("running_share_over_50ms"), hundredths(probe.runningShareAbove())},
        {QStringLiteral("idle_p50_ms"), hundredths(ms(gui.idleP50Ns))},
        {QStringLiteral("idle_p99_ms"), hundredths(ms(gui.idleP99Ns))},
        {QStringLiteral("idle_max_ms"), hundredths(ms(gui.idleMaxNs))},
        {QStringLiteral("batch_p99_ms"), hundredths(ms(gui.batchCosts.quantile(0.99)))},
        {QStringLiteral("batch_max_ms"), hundredths(ms(gui.batchCosts.maximum()))},
        {QStringLiteral("ui_cpu_us_per_msg"),
         hundredths(double(gui.uiCpuNs) / 1e3 / double(options.messages))},
        {QStringLiteral("network_cpu_us_per_msg"),
         hundredths(double(gui.networkCpuNs) / 1e3 / double(options.messages))},
        {QStringLiteral("ingest_s"), hundredths(ms(gui.ingestNs) / 1e3)},
        {QStringLiteral("reference_s"), referenceNs > 0 ? hundredths(ms(referenceNs) / 1e3) : -1.0},
        {QStringLiteral("seen"), qint64(seen)},
        {QStringLiteral("rows"), qint64(gui.rows)},
        {QStringLiteral("model_dropped"), qint64(gui.modelDropped)},
        {QStringLiteral("host_dropped"), qint64(gui.hostDropped)},
        {QStringLiteral("received"), gui.messagesReceived},
        {QStringLiteral("peak_rss_mib"), hundredths(double(peakKiB) / 1024)},
        {QStringLiteral("rss_before_mib"), hundredths(double(gui.rssBeforeKiB) / 1024)},
        {QStringLiteral("pings_sent"), gui.pingsSent},
        {QStringLiteral("ping_late_max_ms"), hundredths(ms(gui.pingLatenessMaxNs))},
        {QStringLiteral("ping_timeouts"), gui.pingTimeouts},
        {QStringLiteral("late_ping"), latePing},
        {QStringLiteral("batches"), gui.batches},
        {QStringLiteral("largest_batch"), gui.largestBatch},
    };
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
    return 0;
}
