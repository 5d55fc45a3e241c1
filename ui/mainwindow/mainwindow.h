#pragma once

#include "profiles/connectionprofile.h"
#include "session/sessionbatch.h"

#include <QHash>
#include <QMainWindow>

#include <memory>

class QLabel;
class QListView;
class QSplitter;
class QStackedWidget;

namespace PingScope {

class LocalBroker;
class SessionHost;
class SessionListModel;
class SessionView;
struct MainWindowActions;

// The main window: the sessions on the left (SessionListModel), the selected session's view
// in the centre (one SessionView per session, in a stack), its state and counters in the
// status bar. Owns the SessionHost, so the sessions run on the network thread and the
// window only ever sees batches (<= 25 Hz).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Uses `broker` (which the window does not own) for new sessions and shows its state.
    void setLocalBroker(LocalBroker *broker);
    void showLocalBrokerFailure(const QString &reason);

    // New session with default settings on the local broker (or 127.0.0.1:1883). Returns
    // its id.
    int newSession();
    // The seam for the connection editor (ui/editor) and saved profiles: creates a session
    // from `profile`, opens it and selects it. Returns its id.
    int createSessionFromProfile(const ConnectionProfile &profile);
    // A second session with the same settings and client ID: the take-over experiment.
    int duplicateSession(int id);

    int selectedSession() const;
    void selectSession(int id);
    SessionHost *host() const { return m_host; }
    SessionListModel *sessionList() const { return m_list; }
    SessionView *sessionView(int id) const { return m_views.value(id); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void onBatch(const SessionBatch &batch);
    void updateStatusBar();
    void updateActions();
    void injectFault(FaultKind fault);
    void toggleLocalBroker(bool start);
    void showBrokerState();
    void editPreferences();
    void restoreLayout();
    void saveLayout() const;
    SessionSettings defaultSettings() const;

    SessionHost *m_host;
    SessionListModel *m_list;
    QListView *m_listView;
    QStackedWidget *m_stack;
    QSplitter *m_splitter;
    QLabel *m_stateLabel;
    QLabel *m_countersLabel;
    QLabel *m_brokerLabel;
    std::unique_ptr<MainWindowActions> m_actions;
    QHash<int, SessionView *> m_views;
    QHash<int, ConnectionProfile> m_profiles;
    LocalBroker *m_broker = nullptr;          // the one in use, if any
    std::unique_ptr<LocalBroker> m_ownBroker; // started from the Broker menu
    qsizetype m_messageLimit;
};

} // namespace PingScope
