// SessionListModel from batches alone: state as look and word, keep-alive, the "heard"
// age against the clock, and a take-over learnt from the TakenOver event.

#include "mainwindow/sessionlistmodel.h"

#include <QTest>

using namespace PingScope;

namespace {
constexpr qint64 S = 1'000'000'000;

SessionStatus status(int id, Session::State state, qint64 lastHeardNs = -1)
{
    SessionStatus s;
    s.id = id;
    s.state = state;
    s.clientId = QStringLiteral("twin");
    s.keepAliveSeconds = 30;
    s.lastHeardNs = lastHeardNs;
    return s;
}
} // namespace

class SessionListModelTest : public QObject
{
    Q_OBJECT

private:
    qint64 m_now = 100 * S;

    QString text(const SessionListModel &model, int row, int role)
    {
        return model.data(model.index(row), role).toString();
    }

private Q_SLOTS:
    void showsConnectedWithKeepAliveAndAge()
    {
        SessionListModel model;
        model.setClock([this] { return m_now; });
        model.addSession(1, QStringLiteral("local"), QStringLiteral("twin"));
        QCOMPARE(model.look(1), SessionLook::Disconnected);

        SessionBatch batch;
        batch.statuses = {status(1, Session::State::Connected, m_now - 400'000'000)};
        model.applyBatch(batch);
        QCOMPARE(model.look(1), SessionLook::Connected);
        QCOMPARE(text(model, 0, SessionListModel::StateTextRole), QStringLiteral("connected"));
        QCOMPARE(text(model, 0, SessionListModel::KeepAliveRole), QStringLiteral("ka 30 s"));
        QCOMPARE(text(model, 0, SessionListModel::HeardRole), QStringLiteral("heard 0.4 s ago"));
        m_now += 2 * S; // the age grows with the clock, no batch needed
        QCOMPARE(text(model, 0, SessionListModel::HeardRole), QStringLiteral("heard 2.4 s ago"));
    }

    void connectingAndLost()
    {
        SessionListModel model;
        model.addSession(1, QStringLiteral("a"), QStringLiteral("a"));
        SessionBatch connecting;
        connecting.statuses = {status(1, Session::State::AwaitingConnack)};
        model.applyBatch(connecting);
        QCOMPARE(model.look(1), SessionLook::Connecting);

        SessionBatch lost;
        Event timeout;
        timeout.kind = EventKind::PingTimeout;
        timeout.session = 1;
        lost.events = {timeout};
        lost.statuses = {status(1, Session::State::Disconnected)};
        model.applyBatch(lost);
        QCOMPARE(model.look(1), SessionLook::Lost);
        QCOMPARE(model.stateText(1), QStringLiteral("lost: ping timeout"));
    }

    void closedByBrokerLooksApartFromLost()
    {
        // UI.md: broker closed / server DISCONNECT is red-orange with a vertical line, not
        // the red cross of a ping timeout.
        SessionListModel model;
        model.addSession(1, QStringLiteral("a"), QStringLiteral("a"));
        SessionBatch closed;
        Event event;
        event.kind = EventKind::ClosedByBroker;
        event.session = 1;
        event.diagnosis = ClosureDiagnosis::KeepAliveEnforced;
        closed.events = {event};
        closed.statuses = {status(1, Session::State::Disconnected)};
        model.applyBatch(closed);
        QCOMPARE(model.look(1), SessionLook::ClosedByBroker);
        QCOMPARE(model.stateText(1), QStringLiteral("closed by broker: keep-alive enforced"));
        QVERIFY(StateAppearance::colour(SessionLook::ClosedByBroker, QPalette()) !=
                StateAppearance::colour(SessionLook::Lost, QPalette()));
        QVERIFY(StateAppearance::glyph(SessionLook::ClosedByBroker) !=
                StateAppearance::glyph(SessionLook::Lost));
    }

    void takenOverFromTheEvent()
    {
        SessionListModel model;
        model.addSession(1, QStringLiteral("a"), QStringLiteral("twin"));
        model.addSession(2, QStringLiteral("a twin"), QStringLiteral("twin"));
        SessionBatch batch;
        Event takenOver;
        takenOver.kind = EventKind::TakenOver;
        takenOver.session = 1;
        takenOver.otherSession = 2;
        Event closed;
        closed.kind = EventKind::ClosedByBroker;
        closed.session = 1;
        batch.events = {takenOver, closed};
        batch.statuses = {status(1, Session::State::Disconnected),
                          status(2, Session::State::Connected)};
        model.applyBatch(batch);
        QCOMPARE(model.look(1), SessionLook::TakenOver);
        QCOMPARE(model.stateText(1), QStringLiteral("taken over by #2"));
        QCOMPARE(model.look(2), SessionLook::Connected);

        // Connecting again clears it.
        SessionBatch again;
        again.statuses = {status(1, Session::State::Connecting)};
        model.applyBatch(again);
        QCOMPARE(model.look(1), SessionLook::Connecting);
    }

    void lastHeardSurvivesTheClose()
    {
        SessionListModel model;
        model.setClock([this] { return m_now; });
        model.addSession(1, QStringLiteral("a"), QStringLiteral("a"));
        SessionBatch connected;
        connected.statuses = {status(1, Session::State::Connected, m_now - 3 * S)};
        model.applyBatch(connected);
        SessionBatch closed;
        closed.statuses = {status(1, Session::State::Disconnected)}; // engine reset: -1
        model.applyBatch(closed);
        QCOMPARE(text(model, 0, SessionListModel::HeardRole), QStringLiteral("heard 3.0 s ago"));
    }

    void removedSessionsLeave()
    {
        SessionListModel model;
        model.addSession(1, QStringLiteral("a"), QStringLiteral("a"));
        model.addSession(2, QStringLiteral("b"), QStringLiteral("b"));
        SessionBatch batch;
        batch.removedSessions = {1};
        model.applyBatch(batch);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.idAt(0), 2);
    }

    void agesReadAtAGlance()
    {
        QCOMPARE(ageText(400'000'000), QStringLiteral("0.4 s"));
        QCOMPARE(ageText(42 * S), QStringLiteral("42 s"));
        QCOMPARE(ageText(300 * S), QStringLiteral("5 min"));
    }
};

QTEST_MAIN(SessionListModelTest)
#include "tst_sessionlistmodel.moc"
