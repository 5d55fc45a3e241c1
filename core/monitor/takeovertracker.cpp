#include "takeovertracker.h"

#include <QtGlobal>

#include <algorithm>

namespace PingScope {

namespace {

// True when `thenNs` lies within `periodNs` before `nowNs`, both ends included. A time after
// `nowNs` is not "before" it: a caller asking about the past must not count the future.
bool withinBefore(qint64 thenNs, qint64 nowNs, qint64 periodNs)
{
    return thenNs <= nowNs && nowNs - thenNs <= periodNs;
}

int takeoversBefore(const QList<qint64> &times, qint64 nowNs)
{
    int recent = 0;
    for (qint64 t : times) {
        if (withinBefore(t, nowNs, TakeoverTracker::FlappingPeriodNs))
            ++recent;
    }
    return recent;
}

} // namespace

TakeoverTracker::TakeoverTracker(qint64 windowNs)
    : m_windowNs(qMax<qint64>(0, windowNs))
{}

QString TakeoverTracker::keyOf(const QString &broker, const QString &clientId)
{
    // MQTT strings never hold U+0000 (3.1.1 [MQTT-1.5.3-2], 5.0 [MQTT-1.5.4-2]) and neither
    // does "host:port", so NUL keeps ("a:1", "2b") and ("a:12", "b") apart. Case matters:
    // brokers compare client IDs exactly.
    return broker + QChar(u'\0') + clientId;
}

void TakeoverTracker::connectSent(int session, const QString &broker, const QString &clientId,
                                  qint64 nowNs)
{
    forget(session);
    // Appended, so the list is in sending order and equal times favour the later CONNECT.
    m_connects.append({session, keyOf(broker, clientId), nowNs});
}

void TakeoverTracker::forget(int session)
{
    m_connects.removeIf([session](const ConnectRecord &r) { return r.session == session; });
}

void TakeoverTracker::sessionGone(int session)
{
    forget(session);
    m_inferred.remove(session);
}

int TakeoverTracker::culprit(int victim, const QString &key, qint64 nowNs) const
{
    int found = 0;
    qint64 foundNs = 0;
    for (const ConnectRecord &r : m_connects) {
        // The victim's own CONNECT (its reconnect racing the close) never explains its close.
        if (r.session == victim || r.key != key || !withinBefore(r.timeNs, nowNs, m_windowNs))
            continue;
        if (found == 0 || r.timeNs >= foundNs) {
            found = r.session;
            foundNs = r.timeNs;
        }
    }
    return found;
}

TakeoverTracker::Verdict TakeoverTracker::closedByBroker(int session, const QString &broker,
                                                         const QString &clientId, bool linkHealthy,
                                                         qint64 nowNs)
{
    const QString key = keyOf(broker, clientId);
    Verdict verdict;
    verdict.bySession = culprit(session, key, nowNs);
    // A local culprit explains the close whatever the link; without one, only a healthy link
    // points at another client, since a sick one is explained by keep-alive.
    verdict.inferred = true;
    if (verdict.bySession != 0) {
        verdict.takenOver = true;
        return record(verdict, key, nowNs);
    }
    if (!linkHealthy)
        return Verdict();
    verdict.takenOver = true;
    // Links of other client IDs closed just before this one, counted from the first of them
    // (a steady trickle of closes does not make one endless burst): a hint of the broker
    // closing everything.
    CloseBurst &burst = m_bursts[broker];
    if (burst.keys.isEmpty() || !withinBefore(burst.firstNs, nowNs, BrokerWideWindowNs))
        burst = CloseBurst{nowNs, {}};
    verdict.brokerWide = std::any_of(burst.keys.cbegin(), burst.keys.cend(),
                                     [&key](const QString &other) { return other != key; });
    burst.keys.append(key);
    m_inferred.removeIf([nowNs](const QHash<int, InferredClose>::iterator it) {
        return !withinBefore(it->timeNs, nowNs, FlappingPeriodNs);
    });
    m_inferred.insert(session, {key, nowNs});
    return record(verdict, key, nowNs);
}

void TakeoverTracker::connected(int session)
{
    m_inferred.remove(session);
}

bool TakeoverTracker::reconnectFailed(int session, qint64 nowNs)
{
    const auto it = m_inferred.constFind(session);
    if (it == m_inferred.constEnd())
        return false;
    const InferredClose close = *it;
    m_inferred.erase(it);
    if (!withinBefore(close.timeNs, nowNs, FlappingPeriodNs))
        return false;
    // Withdrawn: flapping no longer counts it.
    const auto times = m_takeovers.find(close.key);
    if (times != m_takeovers.end()) {
        times->removeOne(close.timeNs);
        if (times->isEmpty())
            m_takeovers.erase(times);
    }
    return true;
}

TakeoverTracker::Verdict TakeoverTracker::sessionTakenOver(int session, const QString &broker,
                                                           const QString &clientId, qint64 nowNs)
{
    const QString key = keyOf(broker, clientId);
    Verdict verdict;
    verdict.takenOver = true;
    verdict.inferred = false;
    verdict.bySession = culprit(session, key, nowNs);
    return record(verdict, key, nowNs);
}

TakeoverTracker::Verdict TakeoverTracker::record(Verdict verdict, const QString &key, qint64 nowNs)
{
    if (!verdict.takenOver)
        return verdict;

    // Take-overs are rare, so pruning every key here costs little and keeps the table to
    // the take-overs of the last minute, however many IDs a long-running process has seen.
    for (auto it = m_takeovers.begin(); it != m_takeovers.end();) {
        // Only the too old go: a time slightly after nowNs (callers' clocks read in another
        // order than they report) may still count for a later query.
        it.value().removeIf([nowNs](qint64 t) { return nowNs - t > FlappingPeriodNs; });
        if (it.value().isEmpty())
            it = m_takeovers.erase(it);
        else
            ++it;
    }
    QList<qint64> &times = m_takeovers[key];
    times.append(nowNs);
    verdict.flapping = takeoversBefore(times, nowNs) >= FlappingCount;
    return verdict;
}

int TakeoverTracker::recentTakeovers(const QString &broker, const QString &clientId,
                                     qint64 nowNs) const
{
    const auto it = m_takeovers.constFind(keyOf(broker, clientId));
    return it == m_takeovers.constEnd() ? 0 : takeoversBefore(it.value(), nowNs);
}

} // namespace PingScope
