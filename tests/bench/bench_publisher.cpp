// A fast QoS 0 publisher for the receive benchmark (packaging/bench.sh receive): connects to a
// broker, publishes N messages of S bytes to one topic as fast as the broker reads them, then
// sends DISCONNECT and waits until the broker has closed the connection, so that every message
// has been read (and routed) by the broker when it exits.
//
// Encodes with our codec and writes with plain blocking POSIX sockets: one PUBLISH is encoded
// once and repeated into a batch of about 256 KiB, written with send(). A blocking socket keeps
// what is pending bounded by the kernel's send buffer: no user-space queue grows.
//
//   bench_publisher --port PORT [--host 127.0.0.1] [--topic bench] [--count 1000000]
//                   [--size 100] [--mqtt 3.1.1|5] [--client-id ID]
//
// Prints one line: messages, bytes, seconds and messages per second. Exits 1 on any failure.

#include "protocol/codec.h"
#include "protocol/streamdecoder.h"

#include <QElapsedTimer>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

using namespace PingScope::Protocol;

namespace {

constexpr qsizetype BatchBytes = 256 * 1024;

struct Arguments
{
    std::string host = "127.0.0.1";
    std::string port;
    QString topic = QStringLiteral("bench");
    long long count = 1000000;
    long long size = 100;
    ProtocolVersion version = ProtocolVersion::V3_1_1;
    QString clientId = QStringLiteral("pingscope-bench-publisher");
};

[[noreturn]] void die(const char *what, const char *detail = nullptr)
{
    std::fprintf(stderr, "bench_publisher: %s%s%s\n", what, detail ? ": " : "",
                 detail ? detail : "");
    std::exit(1);
}

[[noreturn]] void usage()
{
    std::fprintf(stderr,
                 "usage: bench_publisher --port PORT [--host HOST] [--topic TOPIC] [--count N]\n"
                 "                       [--size BYTES] [--mqtt 3.1.1|5] [--client-id ID]\n");
    std::exit(2);
}

long long number(const char *text)
{
    char *end = nullptr;
    const long long value = std::strtoll(text, &end, 10);
    if (!end || *end != '\0' || value < 0)
        usage();
    return value;
}

Arguments parseArguments(int argc, char *argv[])
{
    Arguments arguments;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *value = argv[++i];
        if (name == "--host")
            arguments.host = value;
        else if (name == "--port")
            arguments.port = value;
        else if (name == "--topic")
            arguments.topic = QString::fromUtf8(value);
        else if (name == "--count")
            arguments.count = number(value);
        else if (name == "--size")
            arguments.size = number(value);
        else if (name == "--client-id")
            arguments.clientId = QString::fromUtf8(value);
        else if (name == "--mqtt" && std::strcmp(value, "3.1.1") == 0)
            arguments.version = ProtocolVersion::V3_1_1;
        else if (name == "--mqtt" && std::strcmp(value, "5") == 0)
            arguments.version = ProtocolVersion::V5;
        else
            usage();
    }
    if (arguments.port.empty())
        usage();
    return arguments;
}

int connectTo(const Arguments &arguments)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *addresses = nullptr;
    const int status =
        getaddrinfo(arguments.host.c_str(), arguments.port.c_str(), &hints, &addresses);
    if (status != 0)
        die("cannot resolve the broker", gai_strerror(status));
    int fd = -1;
    for (addrinfo *a = addresses; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(addresses);
    if (fd < 0)
        die("cannot connect to the broker", std::strerror(errno));
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // Every wait for the broker is bounded: a broker that stops answering fails the run.
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    return fd;
}

void sendAll(int fd, QByteArrayView bytes)
{
    const char *data = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t sent = ::send(fd, data, size_t(left), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            die("send failed", sent < 0 ? std::strerror(errno) : "connection closed");
        data += sent;
        left -= sent;
    }
}

QByteArray encodeOrDie(const Packet &packet, ProtocolVersion version)
{
    QString error;
    const QByteArray bytes = encodePacket(packet, version, &error);
    if (bytes.isEmpty())
        die("cannot encode a packet", qPrintable(error));
    return bytes;
}

void connectSession(int fd, const Arguments &arguments)
{
    ConnectPacket connect;
    connect.protocolVersion = arguments.version;
    connect.cleanSession = true;
    connect.keepAlive = 60;
    connect.clientId = arguments.clientId;
    sendAll(fd, encodeOrDie(connect, arguments.version));

    DecodeOptions options;
    options.version = arguments.version;
    options.sender = Sender::Server;
    StreamDecoder decoder(options);
    char buffer[4096];
    for (;;) {
        const ssize_t received = ::recv(fd, buffer, sizeof buffer, 0);
        if (received < 0 && errno == EINTR)
            continue;
        if (received <= 0)
            die("no CONNACK", received < 0 ? std::strerror(errno) : "connection closed");
        decoder.feed(QByteArrayView(buffer, received));
        if (decoder.hasError())
            die("malformed reply to CONNECT", qPrintable(decoder.error().message));
        if (auto packet = decoder.next()) {
            const auto *connack = std::get_if<ConnackPacket>(&packet->packet);
            if (!connack)
                die("the broker did not answer CONNECT with CONNACK");
            if (connack->reasonCode != 0)
                die("the broker refused the connection",
                    qPrintable(QString::number(connack->reasonCode, 16)));
            return;
        }
    }
}

// After DISCONNECT the broker closes the connection once it has read everything before it.
void waitForClose(int fd)
{
    ::shutdown(fd, SHUT_WR);
    char buffer[4096];
    for (;;) {
        const ssize_t received = ::recv(fd, buffer, sizeof buffer, 0);
        if (received == 0)
            return;
        if (received < 0 && errno == EINTR)
            continue;
        if (received < 0 && errno == ECONNRESET)
            return;
        if (received < 0)
            die("waiting for the broker to close", std::strerror(errno));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    const Arguments arguments = parseArguments(argc, argv);
    const int fd = connectTo(arguments);
    connectSession(fd, arguments);

    PublishPacket publish;
    publish.topic = arguments.topic;
    publish.payload = QByteArray(qsizetype(arguments.size), 'x');
    const QByteArray one = encodeOrDie(publish, arguments.version);
    const long long perBatch = std::max<long long>(1, BatchBytes / one.size());
    QByteArray batch;
    batch.reserve(one.size() * qsizetype(perBatch));
    for (long long i = 0; i < perBatch; ++i)
        batch.append(one);

    QElapsedTimer timer;
    timer.start();
    long long left = arguments.count;
    while (left > 0) {
        const long long now = std::min(left, perBatch);
        sendAll(fd, QByteArrayView(batch).first(one.size() * qsizetype(now)));
        left -= now;
    }
    sendAll(fd, encodeOrDie(DisconnectPacket{}, arguments.version));
    waitForClose(fd);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    ::close(fd);

    std::printf("published %lld messages x %lld B (%lld B on the wire) in %.3f s: %.0f msgs/s\n",
                arguments.count, arguments.size, static_cast<long long>(one.size()), seconds,
                seconds > 0 ? double(arguments.count) / seconds : 0.0);
    return 0;
}
