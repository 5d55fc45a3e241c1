#pragma once

#include "monitor/event.h"

#include <QFile>

#include <memory>

namespace PingScope {

class CaptureFeed;
class PcapWriter;
class Session;

// A pcap file of what one or more sessions sent and received, written as it happens: each
// connection (reconnects are new ones, with new client ports) becomes its own TCP stream, so
// the two sessions of a take-over sit side by side in Wireshark. Passwords are masked, as in
// every event.
class SessionCapture
{
public:
    SessionCapture();
    ~SessionCapture();

    // Creates (or truncates) `path` and writes the pcap header.
    bool open(const QString &path, QString *error);
    // Feed every event of `session`, in order. The events carry all the capture needs (a
    // sent CONNECT its endpoints); the session is named for the callers' clarity.
    void record(const Session &session, const Event &event);
    // Ends the open connections and closes the file; false (with the reason) if any write
    // failed, so a capture that is incomplete never passes as complete.
    bool close(QString *error);

    qint64 packetsWritten() const;

private:
    QFile m_file;
    std::unique_ptr<PcapWriter> m_writer;
    std::unique_ptr<CaptureFeed> m_feed; // events into m_writer's connections
};

} // namespace PingScope
