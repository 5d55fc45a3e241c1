// Saved profiles in the app, driven as a user would: the Connections dialog and its editor,
// a corrupt profile file, export and import, connecting a profile (its password from the
// keyring), "watch this will", the local test broker offer, and the sessions reopened at the
// next start. Against a real mosquitto (BrokerFixture); the keyring is a
// MemoryCredentialStore.

#include "broker/brokerlogview.h"
#include "brokerfixture.h"
#include "editor/connectioneditor.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/sessionlistmodel.h"
#include "profiles/memorycredentialstore.h"
#include "profiles/profilesdialog.h"
#include "session/messagemodel.h"
#include "session/sessionhost.h"
#include "session/sessionview.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <functional>

using namespace PingScope;

namespace {

constexpr int TimeoutMs = 5000;
const QByteArray TestPassword = QByteArrayLiteral("s3cr3t-Pa55");

template<typename T>
T *child(QWidget *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget named %s", name);
    return widget;
}

// Runs `fill` on the ConnectionEditor once it is shown modally, then presses its Save.
void whenEditorOpens(std::function<void(ConnectionEditor *)> fill)
{
    QTimer::singleShot(0, qApp, [fill] {
        auto *editor = qobject_cast<ConnectionEditor *>(QApplication::activeModalWidget());
        if (!editor)
            qFatal("the editor did not open");
        fill(editor);
        QTest::mouseClick(child<QPushButton>(editor, "saveButton"), Qt::LeftButton);
    });
}

// With PINGSCOPE_GRAB_DIR set, saves `widget` there as <name>.png: how the screenshots of
// the dialogs are taken, for a person to look at (the test asserts nothing about them).
void grabIfAsked(QWidget *widget, const char *name)
{
    const QString dir = qEnvironmentVariable("PINGSCOPE_GRAB_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

// The profile saved on disk for `id`, as text.
QByteArray profileFile(const QString &directory, const QString &id)
{
    QFile file(directory + QLatin1Char('/') + id + QStringLiteral(".json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class ProfilesFlowTest : public QObject
{
    Q_OBJECT

private:
    BrokerFixture m_broker;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_profiles;

    ConnectionProfile brokerProfile(const QString &name) const
    {
        SessionSettings settings;
        settings.host = m_broker.host();
        settings.port = m_broker.port();
        settings.keepAliveSeconds = 5;
        settings.clientId = QStringLiteral("flow-%1").arg(name);
        return ConnectionProfile::create(name, settings);
    }

    static bool isConnected(MainWindow &window, int id)
    {
        return window.sessionList()->look(id) == SessionLook::Connected;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        PINGSCOPE_REQUIRE_BROKER(m_broker);
    }

    void init()
    {
        m_profiles = std::make_unique<QTemporaryDir>();
        QSettings().clear();
    }

    void newProfileIsSavedWithoutItsPassword()
    {
        ProfileStore store(m_profiles->path());
        MemoryCredentialStore keyring;
        ProfilesDialog dialog(&store, &keyring);
        whenEditorOpens([this](ConnectionEditor *editor) {
            QLineEdit *name = child<QLineEdit>(editor, "profileName");
            name->clear();
            QTest::keyClicks(name, QStringLiteral("Office broker"));
            QLineEdit *host = child<QLineEdit>(editor, "host");
            host->clear();
            QTest::keyClicks(host, m_broker.host());
            child<QSpinBox>(editor, "port")->setValue(m_broker.port());
            QTest::keyClicks(child<QLineEdit>(editor, "userName"), QStringLiteral("alice"));
            QTest::keyClicks(child<QLineEdit>(editor, "password"),
                             QString::fromLatin1(TestPassword));
            grabIfAsked(editor, "editor");
        });
        QTest::mouseClick(child<QPushButton>(&dialog, "newProfile"), Qt::LeftButton);

        // Saving goes through the keyring, which answers from the event loop.
        QTRY_COMPARE_WITH_TIMEOUT(dialog.profiles().size(), qsizetype(1), TimeoutMs);
        const ConnectionProfile saved = dialog.profiles().constFirst();
        QCOMPARE(saved.name, QStringLiteral("Office broker"));
        QCOMPARE(saved.passwordStorage, PasswordStorage::Keyring);
        QCOMPARE(keyring.storedPassword(saved.id), TestPassword);
        const QByteArray file = profileFile(m_profiles->path(), saved.id);
        QVERIFY(file.contains("Office broker"));
        QVERIFY2(!file.contains(TestPassword), file.constData());
        QCOMPARE(dialog.list()->topLevelItemCount(), 1);
        QCOMPARE(dialog.list()->topLevelItem(0)->text(0), QStringLiteral("Office broker"));
        grabIfAsked(&dialog, "connections");
    }

    void corruptProfileIsReportedByNameAndKept()
    {
        ProfileStore store(m_profiles->path());
        QVERIFY(store.save(brokerProfile(QStringLiteral("good"))));
        const QString corruptPath = m_profiles->filePath(QStringLiteral("torn.json"));
        QFile corrupt(corruptPath);
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        // A torn write. (Not a raw string literal: moc of Qt 6.4 misreads this one.)
        const QByteArray torn = "{\"format\": 1, \"name\": \"half writ";
        corrupt.write(torn);
        corrupt.close();

        MemoryCredentialStore keyring;
        ProfilesDialog dialog(&store, &keyring);
        QCOMPARE(dialog.list()->topLevelItemCount(), 1);
        QVERIFY(dialog.problemsLabel()->isVisibleTo(&dialog));
        QVERIFY2(dialog.problemsLabel()->text().contains(QStringLiteral("torn.json")),
                 qPrintable(dialog.problemsLabel()->text()));
        // Kept aside, byte for byte: nothing the user had is lost.
        const QStringList aside =
            QDir(m_profiles->path()).entryList({QStringLiteral("torn.json.corrupt-*")});
        QCOMPARE(aside.size(), qsizetype(1));
        QFile kept(m_profiles->filePath(aside.constFirst()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), torn);
    }

    void exportThenImportAddsCopies()
    {
        ProfileStore store(m_profiles->path());
        ConnectionProfile profile = brokerProfile(QStringLiteral("shared"));
        profile.passwordStorage = PasswordStorage::Keyring;
        QVERIFY(store.save(profile));
        MemoryCredentialStore keyring;
        ProfilesDialog dialog(&store, &keyring);
        const QString exported = m_profiles->filePath(QStringLiteral("export.out"));
        QVERIFY(dialog.exportTo(exported, dialog.profiles()));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("shared"));

        QVERIFY(dialog.importFrom(exported));
        // The same id is already there: the import is a copy with an id of its own.
        QCOMPARE(dialog.profiles().size(), qsizetype(2));
        QVERIFY(dialog.profiles().at(0).id != dialog.profiles().at(1).id);
    }

    void connectingAProfileUsesTheKeyringPassword()
    {
        MemoryCredentialStore keyring;
        MainWindow window(&keyring, m_profiles->path());
        ConnectionProfile profile = brokerProfile(QStringLiteral("keyring"));
        profile.settings.userName = QStringLiteral("bob");
        profile.passwordStorage = PasswordStorage::Keyring;
        keyring.writePassword(profile.id, TestPassword, nullptr, [](const CredentialResult &) {});
        QTRY_VERIFY_WITH_TIMEOUT(keyring.contains(profile.id), TimeoutMs);

        window.connectProfile(profile);
        QTRY_COMPARE_WITH_TIMEOUT(window.sessionList()->rowCount(), 1, TimeoutMs);
        const int id = window.selectedSession();
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, id), TimeoutMs);
        QCOMPARE(window.sessionProfile(id).settings.password.value_or(QByteArray()), TestPassword);
    }

    void watchedWillArrivesAtTheWatcher()
    {
        MainWindow window(nullptr, m_profiles->path());
        ConnectionProfile profile = brokerProfile(QStringLiteral("mortal"));
        Protocol::Will will;
        will.topic = QStringLiteral("flow/wills/mortal");
        will.payload = QByteArrayLiteral("gone");
        will.qos = 1;
        profile.settings.will = will;
        profile.watchWill = true;
        QSignalSpy subacks(window.host(), &SessionHost::subscribeCompleted);
        window.connectProfile(profile);

        QCOMPARE(window.sessionList()->rowCount(), 2);
        const int watcher = 1;
        const int owner = 2;
        QVERIFY(window.sessionProfile(watcher).settings.clientId !=
                window.sessionProfile(owner).settings.clientId);
        QVERIFY(!window.sessionProfile(watcher).settings.will);
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, watcher) && isConnected(window, owner),
                                 TimeoutMs);
        // Subscribed (SUBACK seen) before the owner goes: count the watcher's messages then.
        MessageModel *messages = window.sessionView(watcher)->messages();
        QTRY_VERIFY_WITH_TIMEOUT(!subacks.isEmpty(), TimeoutMs);
        QCOMPARE(subacks.constFirst().at(0).toInt(), watcher);
        window.host()->injectFault(owner, FaultKind::Drop);
        QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), 1, TimeoutMs);
        QCOMPARE(messages->index(0, MessageModel::TopicColumn).data().toString(), will.topic);
    }

    void sessionsOfSavedProfilesReopenAtTheNextStart()
    {
        const ConnectionProfile profile = brokerProfile(QStringLiteral("sticky"));
        QVERIFY(ProfileStore(m_profiles->path()).save(profile));
        {
            MainWindow window(nullptr, m_profiles->path());
            window.connectProfile(profile);
            window.quickSession(); // not saved: does not come back
            QCOMPARE(window.sessionList()->rowCount(), 2);
            window.close();
        }
        MainWindow window(nullptr, m_profiles->path());
        window.reopenLastSessions();
        QCOMPARE(window.sessionList()->rowCount(), 1);
        QCOMPARE(window.sessionProfile(1).id, profile.id);
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, 1), TimeoutMs);
    }

    void welcomePageOffersTheLocalTestBroker()
    {
        MainWindow window(nullptr, m_profiles->path());
        window.show();
        QPushButton *offer = child<QPushButton>(&window, "welcomeLocalBroker");
        QVERIFY(offer->isVisible());
        QVERIFY(offer->isEnabled());
        QTest::mouseClick(offer, Qt::LeftButton);
        QCOMPARE(window.sessionList()->rowCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, 1), TimeoutMs);
        // The window's own broker, not the fixture's, and a profile saved for next time.
        QVERIFY(window.sessionProfile(1).settings.port != m_broker.port());
        const QList<ConnectionProfile> saved = window.profileStore().load().profiles;
        QCOMPARE(saved.size(), qsizetype(1));
        QVERIFY(saved.constFirst().localBroker);
        // View > Broker log shows the window's own mosquitto, and the client it let in.
        BrokerLogView *log = window.brokerLog(); // no Q_OBJECT: findChild<>() cannot tell it
        QTRY_VERIFY_WITH_TIMEOUT(
            log->textView()->toPlainText().contains(window.sessionProfile(1).settings.clientId),
            TimeoutMs);

        // Broker > Local Broker off: the session loses its broker and tries again and again.
        // On again (on a port of its own): the session follows it there.
        auto *toggle = window.findChild<QAction *>(QStringLiteral("actionLocalBroker"));
        QVERIFY(toggle->isChecked());
        toggle->trigger();
        QVERIFY(!toggle->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(window.sessionList()->status(1)->reconnectPending, TimeoutMs);
        toggle->trigger();
        QVERIFY(toggle->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(isConnected(window, 1), TimeoutMs);
    }
};

QTEST_MAIN(ProfilesFlowTest)
#include "tst_profilesflow.moc"
