// The keep-alive timeline under a flood (issue 6): a TimelineModel fed 20,000 received
// PUBLISH events/s for 60 s of simulated time plus a ping every second (keep-alive 1 s), and
// a TimelineChart (offscreen, 1200 x 500, 60 s window, following) redrawn every 40 ms of
// simulated time as the app would at 25 Hz. Reports:
// - the model's append cost per event, against copying the Event into a QList (what every
//   SessionBatch already does per event);
// - the chart's cost per frame: redrawNow() alone (series and overlay), and with the widget
//   rendered (grab()), p50 / p99 / max in ms;
// - the model's entries and bytes after 60 s (its memory bound);
// - as the frames' reference, the same chart without a model, redrawn and rendered.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_timeline [--seconds 60]

#include "monitor/timelinemodel.h"
#include "timeline/timelinechart.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace PingScope;
using Protocol::PacketType;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 S = 1'000'000'000;
constexpr int MessagesPerSecond = 20'000;
constexpr qint64 FrameNs = 40 * Ms;

struct Figures
{
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

Figures figuresOf(std::vector<double> samples)
{
    if (samples.empty())
        return {};
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[std::size_t(q * double(samples.size() - 1))]; };
    return {at(0.5), at(0.99), samples.back()};
}

// One simulated second's events from `startNs`: the messages, and a PINGREQ / PINGRESP.
QList<Event> secondOfTraffic(qint64 startNs, quint64 &sequence)
{
    QList<Event> events;
    events.reserve(MessagesPerSecond + 2);
    const qint64 step = S / MessagesPerSecond;
    for (int i = 0; i < MessagesPerSecond; ++i) {
        Event event;
        event.timeNs = startNs + i * step;
        event.session = 1;
        event.sequence = ++sequence;
        event.direction = Direction::Received;
        event.packetType = PacketType::Publish;
        event.raw = QByteArray(40, 'x'); // a small QoS 0 PUBLISH
        events.append(event);
        if (i == MessagesPerSecond / 2) {
            Event ping;
            ping.timeNs = event.timeNs;
            ping.session = 1;
            ping.sequence = ++sequence;
            ping.direction = Direction::Sent;
            ping.packetType = PacketType::Pingreq;
            events.append(ping);
            ping.sequence = ++sequence;
            ping.timeNs += 2 * Ms;
            ping.direction = Direction::Received;
            ping.packetType = PacketType::Pingresp;
            ping.valueNs = 2 * Ms;
            events.append(ping);
        }
    }
    return events;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int seconds = 60;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--seconds") == 0)
            seconds = qMax(1, std::atoi(argv[i + 1]));
    }

    qint64 nowNs = 0;
    TimelineModel model(1);
    TimelineChart chart;
    chart.setClock([&nowNs] { return nowNs; });
    chart.addModel(&model, QStringLiteral("flood"));
    chart.resize(1200, 500);
    chart.show();

    quint64 sequence = 0;
    {
        Event connecting;
        connecting.kind = EventKind::Connecting;
        connecting.session = 1;
        model.append(connecting);
        Event connected = connecting;
        connected.kind = EventKind::Connected;
        connected.keepAlive = 1;
        model.append(connected);
    }

    qint64 appendNs = 0;
    qint64 copyNs = 0;
    qint64 events = 0;
    std::vector<double> redrawMs;
    std::vector<double> frameMs;
    QElapsedTimer timer;
    for (int second = 0; second < seconds; ++second) {
        const QList<Event> traffic = secondOfTraffic(second * S, sequence);
        // The reference: copying each event into a list, as a batch does.
        QList<Event> copies;
        copies.reserve(traffic.size());
        timer.start();
        for (const Event &event : traffic)
            copies.append(event);
        copyNs += timer.nsecsElapsed();

        qsizetype next = 0;
        for (qint64 frameEnd = second * S + FrameNs; frameEnd <= (second + 1) * S;
             frameEnd += FrameNs) {
            timer.start();
            for (; next < traffic.size() && traffic.at(next).timeNs < frameEnd; ++next)
                model.append(traffic.at(next));
            appendNs += timer.nsecsElapsed();
            nowNs = frameEnd;
            timer.start();
            chart.redrawNow();
            redrawMs.push_back(double(timer.nsecsElapsed()) / 1e6);
            QCoreApplication::processEvents();
            (void)chart.grab();
            frameMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        events += traffic.size();
    }

    // The reference: the same chart size with no model, rendered as often.
    std::vector<double> emptyMs;
    {
        TimelineChart empty;
        empty.setClock([&nowNs] { return nowNs; });
        empty.resize(1200, 500);
        empty.show();
        for (std::size_t i = 0; i < frameMs.size(); i += 5) {
            timer.start();
            empty.redrawNow();
            QCoreApplication::processEvents();
            (void)empty.grab();
            emptyMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    const Figures emptyFrame = figuresOf(emptyMs);
    const Figures redraw = figuresOf(redrawMs);
    const Figures frame = figuresOf(frameMs);
    const double appendPerEvent = double(appendNs) / double(events);
    const double copyPerEvent = double(copyNs) / double(events);
    const qsizetype bytes =
        qsizetype(model.pings().size() + model.packets().size()) *
            qsizetype(sizeof(TimelineModel::PacketMark)) +
        qsizetype(model.rttPoints().size()) * qsizetype(sizeof(TimelineModel::RttPoint)) +
        qsizetype(model.marks().size()) * qsizetype(sizeof(TimelineModel::EventMark)) +
        qsizetype(model.spans().size()) * qsizetype(sizeof(TimelineModel::DeadlineSpan));
    std::printf("timeline bench: %d s simulated, %lld events (%d msgs/s + 1 ping/s)\n", seconds,
                events, MessagesPerSecond);
    std::printf("model append: %.1f ns/event (reference: copying the Event into a QList "
                "%.1f ns/event; ratio %.2f)\n",
                appendPerEvent, copyPerEvent, appendPerEvent / copyPerEvent);
    std::printf("model after %d s: %lld entries (pings %zu, packet marks %zu, rtt %zu, marks "
                "%zu, spans %zu), ~%.1f KiB; bound %lld packet marks\n",
                seconds, qint64(model.size()), model.pings().size(), model.packets().size(),
                model.rttPoints().size(), model.marks().size(), model.spans().size(),
                double(bytes) / 1024.0, qint64(TimelineModel::DefaultPacketLimit));
    std::printf("chart redrawNow per frame (%zu frames): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                redrawMs.size(), redraw.p50, redraw.p99, redraw.max);
    std::printf("chart redraw + render (grab) per frame: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                "(budget at 25 Hz: 40 ms)\n",
                frame.p50, frame.p99, frame.max);
    std::printf("reference, the same chart without a model: p50 %.2f ms, p99 %.2f ms, max %.2f "
                "ms; flood / empty p50 ratio %.2f\n",
                emptyFrame.p50, emptyFrame.p99, emptyFrame.max, frame.p50 / emptyFrame.p50);
    return 0;
}
