#pragma once

#include "profiles/connectionprofile.h"
#include "profiles/profilestore.h"
#include "session/sessionbatch.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <memory>

class QLabel;
class QListView;
class QSplitter;
class QStackedWidget;

namespace PingScope {

class BrokerLogView;
class CredentialStore;
class LessonsWindow;
class LocalBroker;
class SessionHost;
class SessionOpener;
class WelcomePage;
class SessionListModel;
class SessionView;
class TimelineOverlayWindow;
struct MainWindowActions;

// The main window: the sessions on the left (SessionListModel), the selected session's view
// in the centre (one SessionView per session, in a stack), its state and counters in the
// status bar. Owns the SessionHost, so the sessions run on the network thread and the
// window only ever sees batches (<= 25 Hz).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Profiles in `profileDirectory`, passwords in `credentials` (the system keyring in the
    // app; not owned, must outlive the window). Without a store, passwords live in memory
    // only, for this run.
    explicit MainWindow(CredentialStore *credentials = nullptr,
                        const QString &profileDirectory = ProfileStore::defaultDirectory(),
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    // Uses `broker` (which the window does not own) for new sessions and shows its state.
    void setLocalBroker(LocalBroker *broker);
    void showLocalBrokerFailure(const QString &reason);

    // New Session: the Connections dialog (saved profiles); connects the one chosen.
    void openConnections();
    // A session with default settings on the local broker (or 127.0.0.1:1883), at once.
    // Returns its id. `keepAliveSeconds` replaces the default 30 s when it is 0 or more.
    int quickSession(int keepAliveSeconds = -1);
    // The welcome page's first offer: the saved "Local test broker" profile (created and
    // saved on first use), connected, with the local broker started if needed.
    void connectLocalTestBroker();
    // Connects a saved profile: its password from the keyring (or asked for), the local
    // broker started if the profile uses it; a will watcher first if the profile asks.
    // Asynchronous (the keyring answers later); nothing happens if the user cancels.
    void connectProfile(const ConnectionProfile &profile, const QByteArray &typedPassword = {});
    // Creates a session from a profile whose password and address are resolved, opens it
    // and selects it. Returns its id.
    int createSessionFromProfile(const ConnectionProfile &profile);
    // A second session with the same settings and client ID: the take-over experiment.
    int duplicateSession(int id);
    // Connect: opens the session again, on the local broker's current port if its profile
    // uses the local broker (started if needed).
    void reconnectSession(int id);
    // The editor on the session's settings; Save stores them as a profile and applies them
    // at the session's next connection.
    void editSession(int id);
    // Subscribes session `id` once it connects (a will watcher's, the demo's), through its
    // Subscriptions panel, which keeps it across reconnections.
    void subscribeWhenConnected(int id, const Protocol::Subscription &subscription);
    // Reopens the sessions of saved profiles that were open when the window last closed.
    void reopenLastSessions();
    // The running local broker, started (from the Broker menu's own) if none runs; nullptr
    // after saying why it could not start.
    LocalBroker *ensureLocalBroker();

    // Disconnects and removes the session, after asking (unless the user said not to).
    void removeSession(int id);
    // The bounds of the "messages kept per session" preference.
    static constexpr int MinimumMessageLimit = 100;
    static constexpr int MaximumMessageLimit = 10'000'000;

    int selectedSession() const;
    void selectSession(int id);
    // A window with the timelines of these sessions on one time axis; returns it (owned by
    // this window, deleted when closed).
    TimelineOverlayWindow *openOverlay(const QList<int> &sessions);
    // A will watcher for session `owner`'s will: a session subscribed to the will topic.
    void watchWill(int owner);
    // View > Lessons…: the Lessons window (one, kept between openings so results stay),
    // shown and raised, with lesson `lessonId` selected if given; nullptr and nothing opened
    // for an unknown id.
    LessonsWindow *openLessons(const QString &lessonId = {});
    // "#2 sensor-17": how sessions name each other.
    QString sessionName(int id) const;

    // File > Export, without the file dialog (tests, scripts): false with the reason.
    bool exportTimelineTo(int id, const QString &path, QString *error);
    bool exportEventsTo(int id, const QString &path, QString *error);
    bool exportPcapTo(int id, const QString &path, QString *error, qint64 *skipped = nullptr);

    SessionHost *host() const { return m_host; }
    SessionListModel *sessionList() const { return m_list; }
    SessionView *sessionView(int id) const { return m_views.value(id); }
    const ProfileStore &profileStore() const { return m_store; }
    BrokerLogView *brokerLog() const { return m_brokerLog; }
    ConnectionProfile sessionProfile(int id) const { return m_profiles.value(id); }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void connectActions();
    void onBatch(const SessionBatch &batch);
    void showOpenRefused(int id, const QList<SettingsProblem> &problems);
    void subscribePending(const SessionBatch &batch);
    void updateStatusBar();
    void updateActions();
    void injectFault(FaultKind fault);
    void toggleLocalBroker(bool start);
    void showBrokerState();
    void editPreferences();
    void restoreLayout();
    void saveLayout() const;
    SessionSettings defaultSettings() const;
    void saveOpenSessions() const;
    // Points the sessions of local-broker profiles at the local broker now running.
    void followLocalBroker();
    enum class ExportKind { TimelinePng, EventsCsv, TrafficPcap };
    // The selected session's export of that kind, to a file the user picks.
    void exportSelected(ExportKind kind);
    QString askExportPath(int id, const QString &what, const QString &suffix,
                          const QString &filter);
    void reportExport(const QString &path, bool ok, const QString &error,
                      const QString &detail = {});
    void wireSessionView(int id, SessionView *view);
    // The batch's statuses to their views, wills to their owners' views, overlays redrawn.
    void deliverStatusesAndWills(const SessionBatch &batch);
    // Before a view goes: no overlay may keep its timeline model.
    void forgetTimelineOf(SessionView *view);
    void retitleOverlay(TimelineOverlayWindow *overlay);
    // Shows session `id`'s profile (m_profiles) in its list entry, title and panels.
    void showProfile(int id);

    SessionHost *m_host;
    SessionListModel *m_list;
    QListView *m_listView;
    QStackedWidget *m_stack;
    QSplitter *m_splitter;
    QLabel *m_stateLabel;
    QLabel *m_countersLabel;
    QLabel *m_brokerLabel;
    WelcomePage *m_welcome;
    BrokerLogView *m_brokerLog;
    std::unique_ptr<MainWindowActions> m_actions;
    ProfileStore m_store;
    CredentialStore *m_credentials;
    std::unique_ptr<SessionOpener> m_opener;
    QHash<int, QList<Protocol::Subscription>> m_subscribeOnConnect;
    QHash<int, SessionView *> m_views;
    QList<QPointer<TimelineOverlayWindow>> m_overlays;
    LessonsWindow *m_lessons = nullptr; // made on first use, a child window
    // Each session's profile, its password included (memory only, for Duplicate).
    QHash<int, ConnectionProfile> m_profiles;
    LocalBroker *m_broker = nullptr;          // the one in use, if any
    std::unique_ptr<LocalBroker> m_ownBroker; // started from the Broker menu
    qsizetype m_messageLimit;
};

} // namespace PingScope
