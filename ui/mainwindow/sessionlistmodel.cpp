#include "sessionlistmodel.h"

#include <QLocale>

namespace PingScope {

namespace {
constexpr qint64 NsPerS = 1'000'000'000;
constexpr int AgeRefreshMs = 250; // 4 Hz: a tenth of a second at a glance, little CPU
} // namespace

QString ageText(qint64 ns)
{
    const double s = double(qMax<qint64>(ns, 0)) / NsPerS;
    if (s < 10)
        return QObject::tr("%1 s").arg(s, 0, 'f', 1);
    if (s < 120)
        return QObject::tr("%1 s").arg(qint64(s));
    if (s < 7200)
        return QObject::tr("%1 min").arg(qint64(s / 60));
    return QObject::tr("%1 h").arg(qint64(s / 3600));
}

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_clock(KeepAliveTimer::monotonicClock())
{
    m_ageTimer.setInterval(AgeRefreshMs);
    connect(&m_ageTimer, &QTimer::timeout, this, &SessionListModel::refreshAges);
    m_ageTimer.start();
}

void SessionListModel::addSession(int id, const QString &name, const QString &clientId)
{
    if (rowOf(id) >= 0)
        return;
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    Entry entry;
    entry.name = name;
    entry.status.id = id;
    entry.status.clientId = clientId;
    m_entries.push_back(entry);
    endInsertRows();
}

void SessionListModel::renameSession(int id, const QString &name, const QString &clientId)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_entries[row].name = name;
    m_entries[row].status.clientId = clientId;
    Q_EMIT dataChanged(index(row), index(row));
}

void SessionListModel::setInsecure(int id, bool insecure)
{
    const int row = rowOf(id);
    if (row < 0 || m_entries[row].insecure == insecure)
        return;
    m_entries[row].insecure = insecure;
    Q_EMIT dataChanged(index(row), index(row));
}

void SessionListModel::applyBatch(const SessionBatch &batch)
{
    // Events first: a status in the same batch is newer than they are.
    for (const Event &event : batch.events)
        applyEvent(event);
    for (const SessionStatus &status : batch.statuses) {
        const int row = rowOf(status.id);
        if (row < 0)
            continue; // created by someone else, or removed meanwhile
        Entry &entry = m_entries[size_t(row)];
        // The Connected event may not reach us if the UI stalled and events were dropped;
        // the status still says so, and a live connection is never "taken over".
        if (status.state != Session::State::Disconnected) {
            entry.takenOver = false;
            entry.lostReason.clear();
        }
        // A closed session's engine forgets when it last heard the broker; the list keeps
        // it, since "heard 12 s ago" is what tells a lost link from a quick close.
        const qint64 lastHeard = entry.status.lastHeardNs;
        entry.status = status;
        if (entry.status.lastHeardNs < 0)
            entry.status.lastHeardNs = lastHeard;
        Q_EMIT dataChanged(index(row), index(row));
    }
    for (int id : batch.removedSessions) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        beginRemoveRows({}, row, row);
        m_entries.erase(m_entries.begin() + row);
        endRemoveRows();
    }
}

void SessionListModel::applyEvent(const Event &event)
{
    const int row = rowOf(event.session);
    if (row < 0)
        return;
    Entry &entry = m_entries[size_t(row)];
    switch (event.kind) {
    case EventKind::TakenOver:
        entry.takenOver = true;
        entry.takenOverBy = event.otherSession;
        break;
    case EventKind::TakeoverRetracted:
        entry.takenOver = false;
        entry.takenOverBy = 0;
        entry.lostReason = tr("the broker went away");
        entry.closedByBroker = true;
        break;
    case EventKind::PingTimeout:
        entry.lostReason = tr("ping timeout");
        entry.closedByBroker = false;
        break;
    case EventKind::ClosedByBroker:
        if (!entry.takenOver) {
            entry.lostReason = event.diagnosis == ClosureDiagnosis::KeepAliveEnforced
                                   ? tr("keep-alive enforced")
                                   : QString();
            entry.closedByBroker = true;
        }
        break;
    case EventKind::Error:
        entry.lostReason = event.text;
        entry.closedByBroker = false;
        break;
    case EventKind::Packet:
        if (event.isPacket(Protocol::PacketType::Disconnect, Direction::Received) &&
            !entry.takenOver) {
            entry.lostReason = tr("server DISCONNECT");
            entry.closedByBroker = true;
        }
        break;
    case EventKind::Connecting:
    case EventKind::Connected:
        entry.takenOver = false;
        entry.closedByBroker = false;
        entry.lostReason.clear();
        break;
    default:
        break;
    }
}

void SessionListModel::refreshAges()
{
    if (m_entries.empty())
        return;
    Q_EMIT dataChanged(index(0), index(int(m_entries.size()) - 1), {HeardRole, NextRole});
}

int SessionListModel::rowOf(int id) const
{
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].status.id == id)
            return int(i);
    }
    return -1;
}

int SessionListModel::idAt(int row) const
{
    return row >= 0 && row < int(m_entries.size()) ? m_entries[size_t(row)].status.id : 0;
}

const SessionStatus *SessionListModel::status(int id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_entries[size_t(row)].status;
}

QString SessionListModel::name(int id) const
{
    const int row = rowOf(id);
    return row < 0 ? QString() : m_entries[size_t(row)].name;
}

SessionLook SessionListModel::look(int id) const
{
    const int row = rowOf(id);
    return row < 0 ? SessionLook::Disconnected : lookOf(m_entries[size_t(row)]);
}

QString SessionListModel::stateText(int id) const
{
    const int row = rowOf(id);
    return row < 0 ? QString() : stateTextOf(m_entries[size_t(row)]);
}

SessionLook SessionListModel::lookOf(const Entry &entry) const
{
    switch (entry.status.state) {
    case Session::State::Connected:
        return SessionLook::Connected;
    case Session::State::Connecting:
    case Session::State::AwaitingConnack:
        return SessionLook::Connecting;
    case Session::State::Disconnecting:
    case Session::State::Disconnected:
        break;
    }
    if (entry.takenOver)
        return SessionLook::TakenOver;
    if (entry.status.reconnectPending)
        return SessionLook::Connecting;
    if (entry.closedByBroker)
        return SessionLook::ClosedByBroker;
    if (!entry.lostReason.isEmpty())
        return SessionLook::Lost;
    return SessionLook::Disconnected;
}

QString SessionListModel::stateTextOf(const Entry &entry) const
{
    const SessionLook look = lookOf(entry);
    if (look == SessionLook::TakenOver) {
        return entry.takenOverBy > 0 ? tr("taken over by #%1").arg(entry.takenOverBy)
                                     : tr("taken over by another client");
    }
    if (look == SessionLook::Connecting && entry.status.reconnectPending)
        return tr("reconnecting…");
    if (look == SessionLook::Lost)
        return tr("lost: %1").arg(entry.lostReason);
    if (look == SessionLook::ClosedByBroker && !entry.lostReason.isEmpty())
        return tr("closed by broker: %1").arg(entry.lostReason);
    return StateAppearance::word(look);
}

QString SessionListModel::heardTextOf(const Entry &entry) const
{
    if (entry.status.lastHeardNs < 0)
        return tr("not heard yet");
    return tr("heard %1 ago").arg(ageText(m_clock() - entry.status.lastHeardNs));
}

QString SessionListModel::nextTextOf(const Entry &entry) const
{
    const SessionStatus &s = entry.status;
    if (s.state != Session::State::Connected)
        return {};
    if (s.blackHoled)
        return tr("black-holed");
    if (s.pingsPaused)
        return tr("pings paused");
    const qint64 now = m_clock();
    if (s.pingrespDueNs >= 0)
        return tr("awaiting PINGRESP");
    if (s.pingDueNs >= 0)
        return tr("ping in %1").arg(ageText(s.pingDueNs - now));
    return {};
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_entries.size()))
        return {};
    const Entry &entry = m_entries[size_t(index.row())];
    switch (role) {
    case IdRole:
        return entry.status.id;
    case Qt::DisplayRole:
    case NameRole:
        return entry.name;
    case ClientIdRole:
        return entry.status.clientId;
    case InsecureRole:
        return entry.insecure;
    case LookRole:
        return int(lookOf(entry));
    case StateTextRole:
        return stateTextOf(entry);
    case KeepAliveRole:
        if (entry.status.state != Session::State::Connected)
            return QString();
        if (entry.status.keepAliveSeconds == 0)
            return tr("ka off");
        return entry.status.keepAliveSource == KeepAliveSource::Server
                   ? tr("ka %1 s (server)").arg(entry.status.keepAliveSeconds)
                   : tr("ka %1 s").arg(entry.status.keepAliveSeconds);
    case HeardRole:
        return heardTextOf(entry);
    case NextRole:
        return nextTextOf(entry);
    case Qt::ToolTipRole:
        return tr("#%1 %2 · client ID %3 · %4")
            .arg(entry.status.id)
            .arg(entry.name, entry.status.clientId, stateTextOf(entry));
    default:
        return {};
    }
}

} // namespace PingScope
