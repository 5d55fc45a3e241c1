// Decode throughput: 1,000,000 QoS 0 PUBLISH packets with a 100-byte payload, fed to the
// StreamDecoder in 64 KiB chunks as a socket would deliver them. Prints ns per message and
// messages per second (median of several runs) for MQTT 3.1.1 and 5.0, for a stream on one
// topic and for one spread over 1,000 topics (which defeats the decoder's topic cache).
//
//   build/tests/bench/bench_decode [messages] [runs]

#include "protocol/codec.h"
#include "protocol/streamdecoder.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace PingScope::Protocol;

namespace {

constexpr qsizetype ChunkSize = 64 * 1024;
constexpr qsizetype PayloadSize = 100;

QByteArray buildStream(ProtocolVersion version, int messages, int topics)
{
    QList<QByteArray> packets;
    for (int t = 0; t < topics; ++t) {
        PublishPacket publish;
        publish.topic =
            QStringLiteral("bench/plant-%1/sensor/temperature").arg(t, 4, 10, QLatin1Char('0'));
        publish.payload = QByteArray(PayloadSize, 'x');
        packets.append(encodePacket(publish, version));
    }
    QByteArray stream;
    stream.reserve(packets.first().size() * messages);
    for (int i = 0; i < messages; ++i)
        stream.append(packets.at(i % topics));
    return stream;
}

struct RunResult
{
    double nsPerMessage = 0;
    qint64 decoded = 0;
    qint64 payloadBytes = 0;
};

RunResult runOnce(const QByteArray &stream, ProtocolVersion version, bool recordFields)
{
    DecodeOptions options;
    options.version = version;
    options.sender = Sender::Server;
    options.recordFields = recordFields;
    StreamDecoder decoder(options);
    RunResult result;
    QElapsedTimer timer;
    timer.start();
    for (qsizetype offset = 0; offset < stream.size(); offset += ChunkSize) {
        decoder.feed(
            QByteArrayView(stream).sliced(offset, std::min(ChunkSize, stream.size() - offset)));
        while (auto packet = decoder.next()) {
            ++result.decoded;
            result.payloadBytes += std::get<PublishPacket>(packet->packet).payload.size();
        }
    }
    const qint64 ns = timer.nsecsElapsed();
    if (decoder.hasError()) {
        std::fprintf(stderr, "decode error: %s\n", qPrintable(decoder.error().message));
        std::exit(1);
    }
    result.nsPerMessage = double(ns) / double(std::max<qint64>(result.decoded, 1));
    return result;
}

void bench(ProtocolVersion version, int messages, int runs, int topics, bool recordFields)
{
    const QByteArray stream = buildStream(version, messages, topics);
    std::vector<double> samples;
    RunResult last;
    for (int run = 0; run < runs; ++run) {
        last = runOnce(stream, version, recordFields);
        if (last.decoded != messages) {
            std::fprintf(stderr, "decoded %lld of %d messages\n", last.decoded, messages);
            std::exit(1);
        }
        samples.push_back(last.nsPerMessage);
    }
    std::sort(samples.begin(), samples.end());
    const double median = samples[samples.size() / 2];
    std::printf("%-10s %5d topic(s) %-10s %8d msgs x %lld B  median %7.1f ns/msg  %10.0f msgs/s  "
                "(best %.1f, worst %.1f over %d runs)\n",
                qPrintable(protocolVersionName(version)), topics,
                recordFields ? "fields on" : "fields off", messages,
                static_cast<long long>(stream.size() / messages), median, 1e9 / median,
                samples.front(), samples.back(), runs);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int messages = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000000;
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    bench(ProtocolVersion::V3_1_1, messages, runs, 1, false);
    bench(ProtocolVersion::V5, messages, runs, 1, false);
    bench(ProtocolVersion::V3_1_1, messages, runs, 1000, false);
    bench(ProtocolVersion::V5, messages, runs, 1000, false);
    // With the inspector's field ranges: what decoding costs when every field is recorded.
    bench(ProtocolVersion::V5, std::max(1, messages / 10), runs, 1, true);
    return 0;
}
