#pragma once

#include "monitor/event.h"
#include "session/keepalive.h"
#include "session/session.h"

#include <QList>
#include <QString>

namespace PingScope {

class LinkStatistics;

// What the UI knows of one session between batches: a snapshot taken on the network thread
// when the batch is made, so the views never read a Session across threads. Times are the
// process's monotonic clock in ns (the events' clock); -1 means "none".
struct SessionStatus
{
    int id = 0;
    Session::State state = Session::State::Disconnected;
    QString clientId;

    // The keep-alive in force and the engine's times (KeepAlive's accessors).
    quint16 keepAliveSeconds = 0;
    KeepAliveSource keepAliveSource = KeepAliveSource::Client;
    qint64 pingDueNs = -1;        // the next PINGREQ, unless paused or one is outstanding
    qint64 pingrespDueNs = -1;    // the outstanding PINGREQ times out
    qint64 brokerDeadlineNs = -1; // 1.5 x keep-alive after the last packet sent
    qint64 lastSentNs = -1;
    qint64 lastHeardNs = -1;

    int inFlight = 0;
    int queued = 0;
    bool blackHoled = false;
    bool pingsPaused = false;
    bool reconnectPending = false;

    // Counts of the session's LinkStatistics, fed with every event on the network thread.
    qint64 messagesReceived = 0;
    qint64 bytesReceived = 0;
    qint64 messagesSent = 0;
    qint64 pingsSent = 0;
    qint64 pingsAnswered = 0;
    qint64 pingTimeouts = 0;
    qint64 connections = 0;
    qint64 closedByBroker = 0;
    qint64 takeovers = 0;
    qint64 errors = 0;
    qint64 roundTripMedianNs = -1;
    qint64 roundTripP99Ns = -1;
    qint64 pingLatenessP99Ns = -1;
    qint64 pingLatenessMaxNs = -1;

    // Every event the session recorded, and how many of them never reached the UI because
    // it did not take its batches (SessionHost's pending bound). Delivered = the difference.
    quint64 eventsRecorded = 0;
    quint64 eventsDropped = 0;
    // Of eventsDropped, the received messages (PUBLISH): with the messages a view dropped
    // itself, what it can say it never showed.
    quint64 messagesDropped = 0;

    static SessionStatus of(const Session &session, const LinkStatistics &statistics);
};

// One delivery from the network thread to the UI thread, at most one per 40 ms.
struct SessionBatch
{
    qint64 timeNs = 0; // when the network thread made it
    // The events of all sessions since the previous batch, oldest first, sequence-stamped.
    // Received messages are here as PUBLISH events (Event::raw; decode on demand), not twice.
    QList<Event> events;
    // Events recorded since the previous batch that were dropped, oldest first, because the
    // UI did not take batches fast enough (SessionHost::setPendingLimits()).
    quint64 droppedEvents = 0;
    // A snapshot of every session that changed since the previous batch (an event, a state
    // change, a command, or created); keep the latest per id.
    QList<SessionStatus> statuses;
    // Sessions gone since the previous batch (removeSession(), once their DISCONNECT is out).
    QList<int> removedSessions;

    bool isEmpty() const
    {
        return events.isEmpty() && droppedEvents == 0 && statuses.isEmpty() &&
               removedSessions.isEmpty();
    }
};

} // namespace PingScope
