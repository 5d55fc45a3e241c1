#pragma once

#include "mainwindow/stateappearance.h"
#include "session/keepalivetimer.h"
#include "session/sessionbatch.h"

#include <QAbstractListModel>
#include <QTimer>

#include <vector>

namespace PingScope {

// The sessions of the main window's list, fed by SessionHost's batches: the latest status
// of each session plus what only its events tell (taken over by whom, why it was lost).
// The "heard 0.4 s ago" age is computed when asked, against the monotonic clock; a 4 Hz
// timer announces it changed so the list ticks without any batch arriving.
class SessionListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        ClientIdRole,
        LookRole,      // SessionLook as int
        StateTextRole, // "connected", "taken over by #2", "lost: ping timeout"
        KeepAliveRole, // "ka 30 s"
        HeardRole,     // "heard 0.4 s ago", or what happens next when not connected
        NextRole,      // "ping in 12.4 s"
        InsecureRole,  // bool: TLS whose certificate is not verified (allow insecure)
    };

    explicit SessionListModel(QObject *parent = nullptr);

    // A session the host just created, so the list shows it before its first batch.
    void addSession(int id, const QString &name, const QString &clientId);
    void applyBatch(const SessionBatch &batch);
    // After the session's settings were edited: its name, and the client ID it will use.
    void renameSession(int id, const QString &name, const QString &clientId);
    // TLS with "allow insecure": the entry carries a warning, whatever the state.
    void setInsecure(int id, bool insecure);

    int rowOf(int id) const; // -1 if unknown
    int idAt(int row) const;
    const SessionStatus *status(int id) const;
    QString name(int id) const;
    SessionLook look(int id) const;
    QString stateText(int id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // For tests: the clock the ages are measured against.
    void setClock(KeepAliveTimer::Clock clock) { m_clock = std::move(clock); }

private:
    struct Entry
    {
        QString name;
        SessionStatus status;
        bool takenOver = false;
        int takenOverBy = 0;         // 0: another client, or unknown
        QString lostReason;          // why the last connection ended, in a few words
        bool closedByBroker = false; // ... and the broker ended it
        bool insecure = false;
    };
    void applyEvent(const Event &event);
    void refreshAges();
    SessionLook lookOf(const Entry &entry) const;
    QString stateTextOf(const Entry &entry) const;
    QString heardTextOf(const Entry &entry) const;
    QString nextTextOf(const Entry &entry) const;

    std::vector<Entry> m_entries;
    KeepAliveTimer::Clock m_clock;
    QTimer m_ageTimer;
};

// "0.4 s", "12 s", "3 min", "2 h": an age at the precision a glance needs.
QString ageText(qint64 ns);

} // namespace PingScope
