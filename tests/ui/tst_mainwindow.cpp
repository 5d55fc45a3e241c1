// The main window against a real mosquitto, driven as a user would: actions, typing into
// the panels, clicking buttons; and what the list, the panels and the messages view show.

#include "brokerfixture.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/sessionlistmodel.h"
#include "session/messagemodel.h"
#include "session/sessionview.h"

#include <QAction>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace PingScope;

namespace {
constexpr int TimeoutMs = 5000;
}

class MainWindowTest : public QObject
{
    Q_OBJECT

private:
    BrokerFixture m_broker;
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_profilesDir;

    void trigger(MainWindow &window, const char *action)
    {
        auto *a = window.findChild<QAction *>(QLatin1String(action));
        QVERIFY2(a, action);
        QVERIFY2(a->isEnabled(), action);
        a->trigger();
    }

    static bool isConnected(MainWindow &window, int id)
    {
        return window.sessionList()->look(id) == SessionLook::Connected;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Never the user's own window geometry or preferences.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        PINGSCOPE_REQUIRE_BROKER(m_broker);
    }

    void quickSessionConnectsAndTheListSaysSo()
    {
        MainWindow window(nullptr, m_profilesDir.path());
        window.setLocalBroker(&m_broker.broker());
        trigger(window, "actionQuickSession");
        const int id = window.selectedSession();
        QCOMPARE(id, 1);
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, id), TimeoutMs);
        SessionListModel *list = window.sessionList();
        const QModelIndex row = list->index(list->rowOf(id));
        QCOMPARE(row.data(SessionListModel::StateTextRole).toString(), QStringLiteral("connected"));
        QCOMPARE(row.data(SessionListModel::KeepAliveRole).toString(), QStringLiteral("ka 30 s"));
        QVERIFY(
            row.data(SessionListModel::HeardRole).toString().startsWith(QStringLiteral("heard ")));
        QVERIFY(row.data(SessionListModel::ClientIdRole)
                    .toString()
                    .startsWith(QStringLiteral("pingscope-")));

        // Disconnect through its action (Ctrl+D) and see it say so.
        trigger(window, "actionDisconnect");
        QTRY_COMPARE_WITH_TIMEOUT(list->look(id), SessionLook::Disconnected, TimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.findChild<QAction *>(QStringLiteral("actionConnect"))->isEnabled(), TimeoutMs);
    }

    void publishFromThePanelArrivesInTheSubscribersMessages()
    {
        MainWindow window(nullptr, m_profilesDir.path());
        window.setLocalBroker(&m_broker.broker());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const int subscriber = window.quickSession();
        const int publisher = window.quickSession();
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, subscriber) && isConnected(window, publisher),
                                 TimeoutMs);

        window.selectSession(subscriber);
        SessionView *subscriberView = window.sessionView(subscriber);
        auto *filter = subscriberView->findChild<QLineEdit *>(QStringLiteral("subscribeFilter"));
        QTest::keyClicks(filter, QStringLiteral("ui/test/#"));
        QTest::mouseClick(
            subscriberView->findChild<QPushButton *>(QStringLiteral("subscribeButton")),
            Qt::LeftButton);
        auto *subscriptions =
            subscriberView->findChild<QTreeWidget *>(QStringLiteral("subscriptionList"));
        QCOMPARE(subscriptions->topLevelItemCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            subscriptions->topLevelItem(0)->text(2).contains(QStringLiteral("granted QoS 0")),
            TimeoutMs);

        window.selectSession(publisher);
        SessionView *publisherView = window.sessionView(publisher);
        QTest::keyClicks(publisherView->findChild<QLineEdit *>(QStringLiteral("publishTopic")),
                         QStringLiteral("ui/test/temperature"));
        QTest::keyClicks(
            publisherView->findChild<QPlainTextEdit *>(QStringLiteral("publishPayload")),
            QStringLiteral("{\"celsius\": 21.5}"));
        QTest::mouseClick(publisherView->findChild<QPushButton *>(QStringLiteral("publishButton")),
                          Qt::LeftButton);

        MessageModel *messages = subscriberView->messages();
        QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), 1, TimeoutMs);
        QCOMPARE(messages->index(0, MessageModel::TopicColumn).data().toString(),
                 QStringLiteral("ui/test/temperature"));
        QCOMPARE(messages->row(0).payload, QByteArray("{\"celsius\": 21.5}"));
        // Nothing of it in the publisher's own view: it did not subscribe.
        QCOMPARE(publisherView->messages()->rowCount(), 0);
    }

    void duplicateSessionTakesTheFirstOneOver()
    {
        MainWindow window(nullptr, m_profilesDir.path());
        window.setLocalBroker(&m_broker.broker());
        const int first = window.quickSession();
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, first), TimeoutMs);

        trigger(window, "actionDuplicate");
        const int twin = window.selectedSession();
        QVERIFY(twin != first);
        QTRY_COMPARE_WITH_TIMEOUT(window.sessionList()->look(first), SessionLook::TakenOver,
                                  TimeoutMs);
        QCOMPARE(window.sessionList()->stateText(first),
                 QStringLiteral("taken over by #%1").arg(twin));
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, twin), TimeoutMs);
        const QModelIndex a = window.sessionList()->index(window.sessionList()->rowOf(first));
        const QModelIndex b = window.sessionList()->index(window.sessionList()->rowOf(twin));
        QCOMPARE(a.data(SessionListModel::ClientIdRole), b.data(SessionListModel::ClientIdRole));
    }

    // "Allow insecure" is visible wherever the session is: its list entry and its view.
    void insecureTlsIsShownOnTheSession()
    {
        MainWindow window(nullptr, m_profilesDir.path());
        ConnectionProfile verified = ConnectionProfile::create(QStringLiteral("verified"));
        verified.settings.host = QStringLiteral("127.0.0.1");
        verified.settings.port = m_broker.port();
        verified.settings.reconnect.enabled = false;
        verified.settings.tls.enabled = true;
        ConnectionProfile insecure = verified;
        insecure.name = QStringLiteral("insecure");
        insecure.settings.tls.allowInsecure = true;

        const int a = window.createSessionFromProfile(verified);
        const int b = window.createSessionFromProfile(insecure);
        SessionListModel *list = window.sessionList();
        QCOMPARE(list->index(list->rowOf(a)).data(SessionListModel::InsecureRole).toBool(), false);
        QCOMPARE(list->index(list->rowOf(b)).data(SessionListModel::InsecureRole).toBool(), true);
        QVERIFY(!window.sessionView(a)->showsInsecureBadge());
        QVERIFY(window.sessionView(b)->showsInsecureBadge());
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
