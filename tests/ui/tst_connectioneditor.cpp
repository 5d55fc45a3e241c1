#include "editor/connectioneditor.h"
#include "profiles/memorycredentialstore.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>

using namespace PingScope;
using Protocol::PropertyId;
using Protocol::ProtocolVersion;

namespace {

template<typename T>
T *field(QWidget *editor, const char *name)
{
    T *widget = editor->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget named %s", name);
    return widget;
}

// Brings `widget`'s tab to the front, so that mouse clicks land where a user's would.
void showTabOf(QWidget *editor, QWidget *widget)
{
    auto *tabs = field<QTabWidget>(editor, "editorTabs");
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->widget(i)->isAncestorOf(widget))
            tabs->setCurrentIndex(i);
    }
}

void typeInto(QWidget *editor, QWidget *widget, const QString &text)
{
    showTabOf(editor, widget);
    widget->setFocus();
    if (auto *line = qobject_cast<QLineEdit *>(widget))
        line->selectAll();
    else if (auto *spin = qobject_cast<QAbstractSpinBox *>(widget))
        spin->selectAll();
    else if (auto *plain = qobject_cast<QPlainTextEdit *>(widget))
        plain->selectAll();
    QTest::keyClicks(widget, text);
}

void click(QWidget *editor, QWidget *widget)
{
    showTabOf(editor, widget);
    QTest::mouseClick(widget, Qt::LeftButton, {}, QPoint(8, widget->height() / 2));
}

// Runs what the credential store queued: its answers always come from the event loop.
void deliverStoreAnswers()
{
    for (int i = 0; i < 4; ++i)
        QCoreApplication::processEvents();
}

QString problemText(QWidget *editor, const char *labelName)
{
    auto *label = field<QLabel>(editor, labelName);
    return label->isHidden() ? QString() : label->text();
}

bool saveEnabled(QWidget *editor)
{
    return field<QPushButton>(editor, "saveButton")->isEnabled();
}

ConnectionProfile labProfile()
{
    ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("Lab"));
    SessionSettings &s = profile.settings;
    s.host = QStringLiteral("broker.lab");
    s.port = 8883;
    s.clientId = QStringLiteral("sensor-17");
    s.cleanStart = false;
    s.sessionExpirySeconds = 300;
    s.userName = QStringLiteral("ada");
    s.keepAliveSeconds = 30;
    s.pingTimeoutMs = 2500;
    s.connackTimeoutMs = 4000; // not shown by the editor: must come back untouched
    s.receiveMaximum = 10;
    s.userProperties = {{QStringLiteral("site"), QStringLiteral("north")}};
    Protocol::Will will;
    will.topic = QStringLiteral("clients/sensor-17/status");
    will.payload = "offline";
    will.qos = 1;
    will.retain = true;
    will.properties.setInteger(PropertyId::WillDelayInterval, 10);
    will.properties.setInteger(PropertyId::PayloadFormatIndicator, 1);
    will.properties.setString(PropertyId::ContentType, QStringLiteral("text/plain"));
    will.properties.setBinary(PropertyId::CorrelationData, QByteArray("\x01\xff", 2));
    will.properties.addUserProperty(QStringLiteral("reason"), QStringLiteral("crash"));
    s.will = will;
    profile.watchWill = true;
    return profile;
}

QByteArray json(const ConnectionProfile &profile)
{
    return QJsonDocument(profile.toJson()).toJson(QJsonDocument::Compact);
}

} // namespace

class TestConnectionEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saveBeforeTheKeyringAnsweredKeepsTheStoredPassword()
    {
        MemoryCredentialStore store;
        ConnectionProfile profile = labProfile();
        profile.settings.version = Protocol::ProtocolVersion::V5;
        profile.passwordStorage = PasswordStorage::Keyring;
        store.writePassword(profile.id, QByteArrayLiteral("kept"), nullptr, nullptr);
        QTRY_VERIFY(store.contains(profile.id));

        ConnectionEditor editor(&store);
        editor.setProfile(profile);
        // Save at once: the keyring's read is still on its way, the field still empty.
        editor.accept();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        QCOMPARE(editor.profile().passwordStorage, PasswordStorage::Keyring);
        // MemoryCredentialStore removes at the call and only answers later: no wait needed.
        QCOMPARE(store.storedPassword(profile.id), QByteArrayLiteral("kept"));
    }

    void keepAliveOutOfRangeIsRejected()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        editor.setProfile(labProfile());
        editor.show();
        QVERIFY(saveEnabled(&editor));

        typeInto(&editor, field<QSpinBox>(&editor, "keepAlive"), QStringLiteral("70000"));
        QCOMPARE(problemText(&editor, "keepAliveProblem"),
                 QStringLiteral("70000 s is outside 0..65535 s (0 disables keep-alive)"));
        QVERIFY(!saveEnabled(&editor));

        typeInto(&editor, field<QSpinBox>(&editor, "keepAlive"), QStringLiteral("5400"));
        QCOMPARE(problemText(&editor, "keepAliveProblem"), QString());
        QVERIFY(field<QLabel>(&editor, "keepAliveWords")
                    ->text()
                    .startsWith(QStringLiteral("1 h 30 min")));
        QVERIFY(saveEnabled(&editor));
        QCOMPARE(editor.profile().settings.keepAliveSeconds, 5400);
    }

    void keepAliveZeroWarnsOfHalfOpenLinks()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        editor.setProfile(labProfile());
        editor.show();
        auto *warning = field<QLabel>(&editor, "keepAliveWarning");
        QVERIFY(warning->isHidden());
        typeInto(&editor, field<QSpinBox>(&editor, "keepAlive"), QStringLiteral("0"));
        QCOMPARE(field<QLabel>(&editor, "keepAliveWords")->text(), QStringLiteral("disabled"));
        QVERIFY(!warning->isHidden());
        QVERIFY(warning->text().contains(QStringLiteral("half-open")));
        QVERIFY(saveEnabled(&editor)); // allowed, only warned about
    }

    void willWithoutTopicIsRejected()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("Plain"));
        editor.setProfile(profile);
        editor.show();
        QVERIFY(saveEnabled(&editor));

        click(&editor, field<QCheckBox>(&editor, "willEnabled"));
        QVERIFY(field<QCheckBox>(&editor, "willEnabled")->isChecked());
        QCOMPARE(problemText(&editor, "willTopicProblem"),
                 QStringLiteral("a will needs a topic to be published to"));
        QVERIFY(!saveEnabled(&editor));
        QVERIFY(field<QTabWidget>(&editor, "editorTabs")->tabText(3).contains(QStringLiteral("⚠")));

        typeInto(&editor, field<QLineEdit>(&editor, "willTopic"), QStringLiteral("wills/#"));
        QVERIFY(!problemText(&editor, "willTopicProblem").isEmpty()); // no wildcards
        QVERIFY(!saveEnabled(&editor));

        typeInto(&editor, field<QLineEdit>(&editor, "willTopic"), QStringLiteral("wills/me"));
        QCOMPARE(problemText(&editor, "willTopicProblem"), QString());
        QVERIFY(saveEnabled(&editor));
        QCOMPARE(editor.profile().settings.will->topic, QStringLiteral("wills/me"));
    }

    void badHexPayloadIsRejected()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        editor.setProfile(labProfile());
        editor.show();
        auto *format = field<QComboBox>(&editor, "willPayloadFormat");
        format->setCurrentIndex(1);
        auto *payload = field<QPlainTextEdit>(&editor, "willPayload");
        QCOMPARE(payload->toPlainText(), QStringLiteral("6f 66 66 6c 69 6e 65")); // "offline"
        typeInto(&editor, payload, QStringLiteral("de ad zz"));
        QVERIFY(problemText(&editor, "willPayloadProblem").contains(QStringLiteral("hex")));
        QVERIFY(!saveEnabled(&editor));
        typeInto(&editor, payload, QStringLiteral("de ad"));
        QVERIFY(saveEnabled(&editor));
        QCOMPARE(editor.profile().settings.will->payload, QByteArray("\xde\xad", 2));

        // Not text (ff fe is no UTF-8): switching to text would save U+FFFD instead; the
        // field stays in hex.
        typeInto(&editor, payload, QStringLiteral("ff fe"));
        format->setCurrentIndex(0);
        QTRY_COMPARE(format->currentIndex(), 1);
        QCOMPARE(payload->toPlainText(), QStringLiteral("ff fe"));
        QCOMPARE(editor.profile().settings.will->payload, QByteArray("\xff\xfe", 2));
        // Full-width digits are not hex digits, even though QChar::isDigit() says so.
        payload->setPlainText(QStringLiteral("\uFF11\uFF12")); // QTest types ASCII keys only
        QVERIFY(!saveEnabled(&editor));
    }

    void fiveOnlyFieldsHiddenBefore5()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        editor.setProfile(labProfile());
        editor.show();
        auto *properties = field<QWidget>(&editor, "willProperties");
        auto *expiry = field<QWidget>(&editor, "sessionExpiry");
        QVERIFY(!properties->isHidden());
        QVERIFY(expiry->isVisibleTo(&editor));
        QCOMPARE(field<QCheckBox>(&editor, "cleanStart")->text(), QStringLiteral("Clean &start"));

        auto *version = field<QComboBox>(&editor, "mqttVersion");
        version->setCurrentIndex(version->findData(int(ProtocolVersion::V3_1_1)));
        QVERIFY(properties->isHidden());
        QVERIFY(!expiry->isVisibleTo(&editor));
        QCOMPARE(field<QCheckBox>(&editor, "cleanStart")->text(), QStringLiteral("Clean &session"));
        // 3.1.1 has no will properties: they are left out, not a reason to refuse saving.
        QVERIFY(saveEnabled(&editor));
        QVERIFY(editor.profile().settings.will->properties.isEmpty());

        version->setCurrentIndex(version->findData(int(ProtocolVersion::V5)));
        QVERIFY(!properties->isHidden());
        QCOMPARE(editor.profile().settings.will, labProfile().settings.will);
    }

    void profileRoundTrip()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        const ConnectionProfile original = labProfile();
        editor.setProfile(original);
        editor.show();
        QCOMPARE(json(editor.profile()), json(original)); // nothing edited, nothing changed

        typeInto(&editor, field<QLineEdit>(&editor, "host"), QStringLiteral("10.0.0.5"));
        typeInto(&editor, field<QSpinBox>(&editor, "port"), QStringLiteral("1884"));
        typeInto(&editor, field<QLineEdit>(&editor, "willTopic"), QStringLiteral("gone/17"));
        typeInto(&editor, field<QLineEdit>(&editor, "willMessageExpiry"), QStringLiteral("60"));
        click(&editor, field<QCheckBox>(&editor, "watchWill"));
        click(&editor, field<QCheckBox>(&editor, "useTls"));

        ConnectionProfile expected = original;
        expected.settings.host = QStringLiteral("10.0.0.5");
        expected.settings.port = 1884;
        expected.settings.will->topic = QStringLiteral("gone/17");
        Protocol::Properties &p = expected.settings.will->properties;
        // In the standard's order, as the profile file reads them back.
        Protocol::Properties ordered;
        ordered.setInteger(PropertyId::WillDelayInterval, 10);
        ordered.setInteger(PropertyId::PayloadFormatIndicator, 1);
        ordered.setInteger(PropertyId::MessageExpiryInterval, 60);
        ordered.setString(PropertyId::ContentType, QStringLiteral("text/plain"));
        ordered.setBinary(PropertyId::CorrelationData, *p.binary(PropertyId::CorrelationData));
        ordered.addUserProperty(QStringLiteral("reason"), QStringLiteral("crash"));
        p = ordered;
        expected.watchWill = false;
        expected.settings.tls.enabled = true;
        QCOMPARE(json(editor.profile()), json(expected));
        QCOMPARE(editor.profile().settings.will, expected.settings.will);

        // Switching the will off keeps it, so that switching it on again restores it.
        click(&editor, field<QCheckBox>(&editor, "willEnabled"));
        QVERIFY(!editor.profile().settings.will);
        QCOMPARE(editor.profile().disabledWill, expected.settings.will);
    }

    void passwordGoesToTheStoreOnly()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        editor.setProfile(ConnectionProfile::create(QStringLiteral("Secret")));
        editor.show();
        deliverStoreAnswers();
        typeInto(&editor, field<QLineEdit>(&editor, "userName"), QStringLiteral("ada"));
        typeInto(&editor, field<QLineEdit>(&editor, "password"), QStringLiteral("s3cret"));
        QVERIFY(saveEnabled(&editor));
        const QString id = editor.profile().id;
        QCOMPARE(editor.profile().passwordStorage, PasswordStorage::Keyring);
        QVERIFY(!editor.profile().settings.password);
        QVERIFY(!json(editor.profile()).contains("s3cret"));

        click(&editor, field<QPushButton>(&editor, "saveButton"));
        QCOMPARE(editor.result(), int(QDialog::Rejected)); // waits for the keyring's answer
        deliverStoreAnswers();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        QCOMPARE(store.storedPassword(id), QByteArray("s3cret"));

        // Opened again, the password comes back from the store.
        ConnectionEditor again(&store);
        again.setProfile(editor.profile());
        deliverStoreAnswers();
        QCOMPARE(again.password(), QByteArray("s3cret"));
    }

    void withoutKeyringOffersNotToStore()
    {
        MemoryCredentialStore store;
        store.setKeyringAvailable(false);
        ConnectionEditor editor(&store);
        editor.setProfile(ConnectionProfile::create(QStringLiteral("No keyring")));
        editor.show();
        deliverStoreAnswers();
        auto *notice = field<QLabel>(&editor, "keyringNotice");
        QVERIFY(!notice->isHidden());
        QVERIFY(
            notice->text().contains(QStringLiteral("no keyring available"), Qt::CaseInsensitive));
        auto *dontStore = field<QCheckBox>(&editor, "dontStorePassword");
        QVERIFY(dontStore->text().contains(QStringLiteral("Don't store the password")));

        typeInto(&editor, field<QLineEdit>(&editor, "password"), QStringLiteral("s3cret"));
        QVERIFY(problemText(&editor, "passwordProblem").contains(QStringLiteral("keyring")));
        QVERIFY(!saveEnabled(&editor));

        click(&editor, dontStore);
        QVERIFY(dontStore->isChecked());
        QCOMPARE(problemText(&editor, "passwordProblem"), QString());
        QVERIFY(saveEnabled(&editor));
        click(&editor, field<QPushButton>(&editor, "saveButton"));
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        QCOMPARE(editor.profile().passwordStorage, PasswordStorage::AskOnConnect);
        QCOMPARE(editor.password(), QByteArray("s3cret")); // to connect with now
        QCOMPARE(store.count(), 0);
    }

    void keyringGoneAtSaveKeepsTheDialogOpen()
    {
        MemoryCredentialStore store;
        ConnectionEditor editor(&store);
        editor.setProfile(ConnectionProfile::create(QStringLiteral("Flaky")));
        editor.show();
        deliverStoreAnswers();
        typeInto(&editor, field<QLineEdit>(&editor, "password"), QStringLiteral("pw"));
        store.setKeyringAvailable(false);
        click(&editor, field<QPushButton>(&editor, "saveButton"));
        deliverStoreAnswers();
        QCOMPARE(editor.result(), int(QDialog::Rejected));
        QVERIFY(editor.isVisible());
        QVERIFY(!field<QLabel>(&editor, "keyringNotice")->isHidden());
        QVERIFY(!saveEnabled(&editor));
        click(&editor, field<QCheckBox>(&editor, "dontStorePassword"));
        QVERIFY(saveEnabled(&editor));
    }

    // Not a check: with PINGSCOPE_SCREENSHOT_DIR set, saves the dialog as a user sees it.
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("PINGSCOPE_SCREENSHOT_DIR");
        // Not QSKIP: ctest would then report the whole test as not run.
        if (dir.isEmpty())
            return;
        MemoryCredentialStore store;
        store.setKeyringAvailable(false);
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            ConnectionEditor editor(&store);
            ConnectionProfile profile = labProfile();
            profile.settings.version = version;
            if (version != ProtocolVersion::V5)
                profile.settings.will->properties = {};
            editor.setProfile(profile);
            editor.show();
            deliverStoreAnswers();
            typeInto(&editor, field<QSpinBox>(&editor, "keepAlive"),
                     version == ProtocolVersion::V5 ? QStringLiteral("70000")
                                                    : QStringLiteral("5400"));
            typeInto(&editor, field<QLineEdit>(&editor, "password"), QStringLiteral("pw"));
            const QString tag =
                version == ProtocolVersion::V5 ? QStringLiteral("50") : QStringLiteral("311");
            auto *tabs = field<QTabWidget>(&editor, "editorTabs");
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                QCoreApplication::processEvents();
                editor.grab().save(QStringLiteral("%1/editor-%2-tab%3.png").arg(dir, tag).arg(i));
            }
        }
    }
};

QTEST_MAIN(TestConnectionEditor)
#include "tst_connectioneditor.moc"
