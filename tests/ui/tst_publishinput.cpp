// The publish and subscribe panels without a broker: payload modes (the bytes each one
// means, the reasons it refuses), Publish disabled while anything is invalid, the 5.0 fields
// per version, the history of recent publishes, and the subscribe form's checks.

#include "session/payloadformat.h"
#include "session/publishhistory.h"
#include "session/publishpanel.h"
#include "session/sessionhost.h"
#include "session/subscriptionspanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace PingScope;

namespace {

template<typename T>
T *child(QWidget &parent, const char *name)
{
    auto *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

// The problem label FieldProblems puts under a field, as the user sees it.
QString problemUnder(QWidget &parent, const char *fieldName)
{
    const auto *label =
        parent.findChild<QLabel *>(QLatin1String(fieldName) + QLatin1String("Problem"));
    return label && !label->isHidden() ? label->text() : QString();
}

void selectMode(PublishPanel &panel, const QString &name)
{
    auto *mode = child<QComboBox>(panel, "publishMode");
    mode->setCurrentIndex(mode->findText(name));
}

void typePayload(PublishPanel &panel, const QString &text)
{
    auto *payload = child<QPlainTextEdit>(panel, "publishPayload");
    payload->clear();
    QTest::keyClicks(payload, text);
}

} // namespace

class PublishInputTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void hexMeansTheBytesItSpells()
    {
        QCOMPARE(parseHex(QStringLiteral("00 ff 10\n41")).bytes, QByteArray("\x00\xff\x10\x41", 4));
        QVERIFY(parseHex(QStringLiteral("00ff")).problem.isEmpty());
        QVERIFY(parseHex(QString()).bytes.isEmpty());
        QCOMPARE(
            parseHex(QStringLiteral("0g")).problem,
            QStringLiteral("not hex: 'g' at character 2; use 0-9 and a-f, two digits per byte"));
        QVERIFY(parseHex(QStringLiteral("abc")).problem.contains(QStringLiteral("odd number")));
        QVERIFY(parseHex(QStringLiteral("a bc")).problem.contains(QStringLiteral("split")));
    }

    void jsonIsCheckedAndSentAsTyped()
    {
        const QString typed = QStringLiteral("{ \"a\" : [1, 2],\n  \"é\": null }");
        const EncodedPayload ok = encodePayload(typed, PayloadMode::Json);
        QVERIFY2(ok.problem.isEmpty(), qPrintable(ok.problem));
        QCOMPARE(ok.bytes, typed.toUtf8()); // not reformatted
        // Bare values are JSON too (RFC 8259), though QJsonDocument wants an object.
        QVERIFY(encodePayload(QStringLiteral("42"), PayloadMode::Json).problem.isEmpty());
        QVERIFY(encodePayload(QStringLiteral("\"on\""), PayloadMode::Json).problem.isEmpty());
        QVERIFY(!encodePayload(QStringLiteral("1, 2"), PayloadMode::Json).problem.isEmpty());
        QVERIFY(!encodePayload(QString(), PayloadMode::Json).problem.isEmpty());

        // The error names the place: line, column and byte offset.
        const QString problem =
            encodePayload(QStringLiteral("{\"a\": 1,\n \"b\" 2}"), PayloadMode::Json).problem;
        QVERIFY2(problem.startsWith(QStringLiteral("not JSON: ")), qPrintable(problem));
        QVERIFY2(problem.contains(QStringLiteral("line 2, column 6")), qPrintable(problem));
        const QString scalar = encodePayload(QStringLiteral("tru"), PayloadMode::Json).problem;
        QVERIFY2(scalar.contains(QStringLiteral("line 1")), qPrintable(scalar));
    }

    void switchingModesKeepsTheBytes()
    {
        QCOMPARE(convertPayloadText(QStringLiteral("Hi"), PayloadMode::Text, PayloadMode::Hex),
                 QStringLiteral("48 69"));
        QCOMPARE(convertPayloadText(QStringLiteral("48 69"), PayloadMode::Hex, PayloadMode::Json),
                 QStringLiteral("Hi"));
        // Bytes with no text form stay in hex, rather than become their digits as text.
        QVERIFY(!convertPayloadText(QStringLiteral("ff 00"), PayloadMode::Hex, PayloadMode::Text));
        QVERIFY(!convertPayloadText(QStringLiteral("41 0d 0a"), PayloadMode::Hex,
                                    PayloadMode::Text)); // CR would not survive a text field
    }

    void invalidInputDisablesPublishWithTheReason()
    {
        SessionHost host;
        PublishPanel panel(&host, 1);
        auto *publish = child<QPushButton>(panel, "publishButton");
        QVERIFY(!publish->isEnabled()); // no topic yet
        QVERIFY(publish->toolTip().contains(QStringLiteral("Enter a topic")));

        QTest::keyClicks(child<QLineEdit>(panel, "publishTopic"), QStringLiteral("a/+/b"));
        QVERIFY(!publish->isEnabled());
        QVERIFY2(problemUnder(panel, "publishTopic").contains(QStringLiteral("wildcard")),
                 qPrintable(problemUnder(panel, "publishTopic")));
        child<QLineEdit>(panel, "publishTopic")->setText(QStringLiteral("a/b"));
        QVERIFY(publish->isEnabled());
        QVERIFY(problemUnder(panel, "publishTopic").isEmpty());

        selectMode(panel, QStringLiteral("JSON"));
        typePayload(panel, QStringLiteral("{\"t\": 21.5,}"));
        QVERIFY(!publish->isEnabled());
        QVERIFY2(problemUnder(panel, "publishPayload").contains(QStringLiteral("byte 11")),
                 qPrintable(problemUnder(panel, "publishPayload")));
        typePayload(panel, QStringLiteral("{\"t\": 21.5}"));
        QVERIFY(publish->isEnabled());

        selectMode(panel, QStringLiteral("Hex")); // converts the JSON text to its bytes
        QCOMPARE(child<QPlainTextEdit>(panel, "publishPayload")->toPlainText(),
                 QString::fromLatin1(QByteArray("{\"t\": 21.5}").toHex(' ')));
        typePayload(panel, QStringLiteral("01 0x"));
        QVERIFY(!publish->isEnabled());
        QVERIFY(problemUnder(panel, "publishPayload").contains(QStringLiteral("'x'")));
        typePayload(panel, QStringLiteral("01 ff"));
        QVERIFY(publish->isEnabled());
        // Binary bytes cannot become text: the mode stays Hex and the panel says why.
        selectMode(panel, QStringLiteral("Text"));
        QCOMPARE(child<QComboBox>(panel, "publishMode")->currentText(), QStringLiteral("Hex"));
        QVERIFY(panel.resultText().contains(QStringLiteral("not UTF-8")));

        QList<SettingsProblem> problems;
        const auto message = panel.message(problems);
        QVERIFY(message);
        QCOMPARE(message->payload, QByteArray("\x01\xff", 2));
    }

    void v5PropertiesAreCheckedAndHiddenFor311()
    {
        SessionHost host;
        PublishPanel panel(&host, 1);
        panel.show();
        child<QLineEdit>(panel, "publishTopic")->setText(QStringLiteral("a"));
        auto *toggle = child<QToolButton>(panel, "publishPropertiesToggle");
        QVERIFY(toggle->isVisible());
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(child<QWidget>(panel, "publishProperties")->isVisible());

        QTest::keyClicks(child<QLineEdit>(panel, "publishExpiry"), QStringLiteral("-5"));
        QVERIFY(!panel.canPublish());
        QVERIFY(!problemUnder(panel, "publishExpiry").isEmpty());
        child<QLineEdit>(panel, "publishExpiry")->setText(QStringLiteral("60"));
        QTest::keyClicks(child<QLineEdit>(panel, "publishResponseTopic"), QStringLiteral("r/#"));
        QVERIFY(!panel.canPublish());
        child<QLineEdit>(panel, "publishResponseTopic")->setText(QStringLiteral("replies/1"));
        QTest::keyClicks(child<QLineEdit>(panel, "publishCorrelation"), QStringLiteral("zz"));
        QVERIFY(!panel.canPublish());
        child<QLineEdit>(panel, "publishCorrelation")->setText(QStringLiteral("01 02"));
        QVERIFY(panel.canPublish());
        QVERIFY(toggle->text().contains(QStringLiteral("3 set")));

        QList<SettingsProblem> problems;
        auto message = panel.message(problems);
        QVERIFY(message);
        using Protocol::PropertyId;
        QCOMPARE(message->properties.integer(PropertyId::MessageExpiryInterval), 60u);
        QCOMPARE(message->properties.integer(PropertyId::PayloadFormatIndicator), 1u); // text
        QCOMPARE(message->properties.binary(PropertyId::CorrelationData), QByteArray("\x01\x02"));

        // Automatic format: nothing for hex, whose bytes may be anything.
        selectMode(panel, QStringLiteral("Hex"));
        message = panel.message(problems);
        QVERIFY(!message->properties.contains(PropertyId::PayloadFormatIndicator));

        // 3.1.1: no properties shown, none sent, and their problems do not block.
        child<QLineEdit>(panel, "publishCorrelation")->setText(QStringLiteral("zz"));
        panel.setProtocolVersion(Protocol::ProtocolVersion::V3_1_1);
        QVERIFY(!toggle->isVisible());
        QVERIFY(!child<QWidget>(panel, "publishProperties")->isVisible());
        QVERIFY(panel.canPublish());
        message = panel.message(problems);
        QVERIFY(message->properties.isEmpty());
    }

    void historyKeepsTheLast50NewestFirstAndRestoresEveryField()
    {
        SessionHost host; // no session 7: each publish is refused, but still remembered
        {
            PublishPanel panel(&host, 7);
            panel.setHistoryKey(QStringLiteral("profile-a"));
            for (int i = 0; i < 55; ++i) {
                child<QLineEdit>(panel, "publishTopic")->setText(QStringLiteral("h/%1").arg(i));
                panel.publishFromInputs();
            }
            QCOMPARE(panel.history().entries().size(), PublishHistory::Limit);
            QCOMPARE(panel.history().entries().first().value(QStringLiteral("topic")).toString(),
                     QStringLiteral("h/54"));

            // One with everything set, then something else: choosing it restores it all.
            child<QLineEdit>(panel, "publishTopic")->setText(QStringLiteral("full/1"));
            selectMode(panel, QStringLiteral("Hex"));
            typePayload(panel, QStringLiteral("de ad"));
            child<QComboBox>(panel, "publishQos")->setCurrentIndex(2);
            child<QCheckBox>(panel, "publishRetain")->setChecked(true);
            child<QLineEdit>(panel, "publishContentType")->setText(QStringLiteral("x/y"));
            QTest::keyClick(child<QLineEdit>(panel, "publishTopic"), Qt::Key_Return,
                            Qt::ControlModifier);
            const QJsonObject full = panel.draft();
            QCOMPARE(panel.history().entries().first(), full);

            child<QLineEdit>(panel, "publishTopic")->setText(QStringLiteral("other"));
            selectMode(panel, QStringLiteral("Text"));
            typePayload(panel, QStringLiteral("x"));
            child<QLineEdit>(panel, "publishContentType")->clear();
            auto *recent = child<QComboBox>(panel, "publishHistory");
            QCOMPARE(recent->count(), PublishHistory::Limit);
            QVERIFY(recent->itemText(0).startsWith(QStringLiteral("full/1")));
            recent->setCurrentIndex(0);
            Q_EMIT recent->activated(0);
            QCOMPARE(panel.draft(), full);
            QCOMPARE(child<QComboBox>(panel, "publishMode")->currentText(), QStringLiteral("Hex"));
            QCOMPARE(child<QPlainTextEdit>(panel, "publishPayload")->toPlainText(),
                     QStringLiteral("de ad"));
        }
        // Kept in QSettings under the profile's id: a new panel for it has them back.
        PublishPanel again(&host, 8);
        QVERIFY(again.history().entries().isEmpty());
        again.setHistoryKey(QStringLiteral("profile-a"));
        QCOMPARE(again.history().entries().size(), PublishHistory::Limit);
        QCOMPARE(again.history().entries().first().value(QStringLiteral("topic")).toString(),
                 QStringLiteral("full/1"));
        PublishPanel other(&host, 9);
        other.setHistoryKey(QStringLiteral("profile-b"));
        QVERIFY(other.history().entries().isEmpty());
    }

    void ctrlReturnPublishesHereAndLeavesTheWindowsShortcutElsewhere()
    {
        // The main window binds Ctrl+Return to Connect; inside the panel it publishes.
        SessionHost host;
        QWidget window;
        auto *outside = new QLineEdit(&window);
        auto *panel = new PublishPanel(&host, 1, &window);
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(outside);
        layout->addWidget(panel);
        QAction connectAction(QStringLiteral("Connect"));
        connectAction.setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
        window.addAction(&connectAction);
        QSignalSpy connects(&connectAction, &QAction::triggered);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        auto *topic = child<QLineEdit>(*panel, "publishTopic");
        topic->setText(QStringLiteral("keys/ctrl"));
        auto *payload = child<QPlainTextEdit>(*panel, "publishPayload");
        payload->setFocus();
        QTest::keyClick(payload, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(panel->history().entries().size(), 1);
        QCOMPARE(payload->toPlainText(), QString()); // no new line either
        QTest::keyClick(payload, Qt::Key_Return);    // a plain Return is a new line
        QCOMPARE(payload->toPlainText(), QStringLiteral("\n"));
        QCOMPARE(panel->history().entries().size(), 1);

        topic->setText(QStringLiteral("keys/return"));
        topic->setFocus();
        QTest::keyClick(topic, Qt::Key_Return);
        QCOMPARE(panel->history().entries().size(), 2);
        QCOMPARE(connects.count(), 0);

        outside->setFocus();
        QTest::keyClick(outside, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(connects.count(), 1);
        QCOMPARE(panel->history().entries().size(), 2);
    }

    void subscribeFormChecksAsTyped()
    {
        SessionHost host;
        SubscriptionsPanel panel(&host, 1);
        panel.show();
        auto *filter = child<QLineEdit>(panel, "subscribeFilter");
        auto *subscribe = child<QPushButton>(panel, "subscribeButton");
        QVERIFY(!subscribe->isEnabled());
        QTest::keyClicks(filter, QStringLiteral("a/#/b"));
        QVERIFY(!subscribe->isEnabled());
        QVERIFY2(problemUnder(panel, "subscribeFilter").contains(QStringLiteral("MQTT-4.7.1-2")),
                 qPrintable(problemUnder(panel, "subscribeFilter")));
        QVERIFY(!panel.subscribe(filter->text(), 0));
        QCOMPARE(panel.list()->topLevelItemCount(), 0); // nothing sent, no row

        filter->setText(QStringLiteral("$share/g/a/+"));
        QVERIFY(subscribe->isEnabled());
        child<QCheckBox>(panel, "subscribeNoLocal")->setChecked(true);
        QVERIFY(!subscribe->isEnabled()); // [MQTT-3.8.3-4]
        QVERIFY(problemUnder(panel, "subscribeNoLocal").contains(QStringLiteral("shared")));
        child<QCheckBox>(panel, "subscribeNoLocal")->setChecked(false);
        QTest::keyClicks(child<QLineEdit>(panel, "subscribeIdentifier"), QStringLiteral("0"));
        QVERIFY(!subscribe->isEnabled());
        child<QLineEdit>(panel, "subscribeIdentifier")->setText(QStringLiteral("268435455"));
        QVERIFY(subscribe->isEnabled());

        // The words for retain handling, and the options hidden for 3.1.1.
        auto *handling = child<QComboBox>(panel, "subscribeRetainHandling");
        QCOMPARE(handling->count(), 3);
        QCOMPARE(handling->itemText(2), QStringLiteral("retained: don't send"));
        QVERIFY(child<QWidget>(panel, "subscribeOptions")->isVisible());
        panel.setProtocolVersion(Protocol::ProtocolVersion::V3_1_1);
        QVERIFY(!child<QWidget>(panel, "subscribeOptions")->isVisible());
    }
};

QTEST_MAIN(PublishInputTest)
#include "tst_publishinput.moc"
