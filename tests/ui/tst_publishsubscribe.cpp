// Publish and subscribe through the session panels against a real mosquitto: 5.0
// subscription options on the wire and in effect, unsubscribing, payloads typed as JSON and
// hex arriving byte for byte, and 5.0 properties reaching another session's message details.

#include "brokerfixture.h"
#include "editor/userpropertiestable.h"
#include "protocol/codec.h"
#include "session/messagedetail.h"
#include "session/messagemodel.h"
#include "session/messagesview.h"
#include "session/publishpanel.h"
#include "session/subscriptionspanel.h"
#include "sessionrig.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace PingScope;
using Protocol::ProtocolVersion;

namespace {
constexpr int TimeoutMs = 5000;

template<typename T>
T *child(QWidget *parent, const char *name)
{
    auto *widget = parent->findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

QStringList topics(const SessionView *view)
{
    QStringList out;
    for (int i = 0; i < view->messages()->rowCount(); ++i)
        out << view->messages()->row(i).topic;
    return out;
}

const MessageRow *rowOf(const SessionView *view, const QString &topic)
{
    for (int i = 0; i < view->messages()->rowCount(); ++i) {
        if (view->messages()->row(i).topic == topic)
            return &view->messages()->row(i);
    }
    return nullptr;
}

QString answerFor(SessionView *view, const QString &filter)
{
    const QTreeWidgetItem *item = view->subscriptions()->itemFor(filter);
    return item ? item->text(SubscriptionsPanel::ResultColumn) : QString();
}

// Types the filter, sets the options as given, clicks Subscribe, waits for the grant.
bool subscribe(SessionView *view, const QString &filter, const std::function<void()> &options = {})
{
    auto *field = child<QLineEdit>(view, "subscribeFilter");
    field->clear();
    QTest::keyClicks(field, filter);
    if (options)
        options();
    QTest::mouseClick(child<QPushButton>(view, "subscribeButton"), Qt::LeftButton);
    return QTest::qWaitFor(
        [&] { return answerFor(view, filter).startsWith(QStringLiteral("● granted")); }, TimeoutMs);
}

void publish(SessionView *view, const QString &topic, const QString &payload = QString(),
             const QString &mode = QStringLiteral("Text"))
{
    auto *topicField = child<QLineEdit>(view, "publishTopic");
    topicField->setText(topic);
    auto *modes = child<QComboBox>(view, "publishMode");
    modes->setCurrentIndex(modes->findText(mode));
    auto *payloadField = child<QPlainTextEdit>(view, "publishPayload");
    payloadField->clear();
    // QTest types ASCII only; other characters are pasted, as a user would.
    const bool ascii =
        std::all_of(payload.cbegin(), payload.cend(), [](QChar c) { return c.unicode() < 0x80; });
    if (ascii)
        QTest::keyClicks(payloadField, payload);
    else
        payloadField->insertPlainText(payload);
    QVERIFY2(view->publisher()->canPublish(), qPrintable(topic));
    QTest::mouseClick(child<QPushButton>(view, "publishButton"), Qt::LeftButton);
}

std::optional<Protocol::SubscribePacket> sentSubscribe(const SessionRig &rig, int session,
                                                       const QString &filter)
{
    for (const Event &event : rig.events()) {
        if (event.session != session ||
            !event.isPacket(Protocol::PacketType::Subscribe, Direction::Sent))
            continue;
        const auto decoded = Protocol::decodePacket(event.raw, {event.version});
        const auto &packet = std::get<Protocol::SubscribePacket>(decoded.decoded.packet);
        if (packet.subscriptions.first().topicFilter == filter)
            return packet;
    }
    return std::nullopt;
}
} // namespace

class PublishSubscribeTest : public QObject
{
    Q_OBJECT

private:
    BrokerFixture m_broker;
    QTemporaryDir m_settingsDir;

    bool connectBoth(SessionRig &rig, SessionView *a, SessionView *b)
    {
        return QTest::qWaitFor([&] { return rig.isConnected(a) && rig.isConnected(b); }, TimeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        PINGSCOPE_REQUIRE_BROKER(m_broker);
    }

    void noLocalKeepsTheSessionsOwnMessagesAway()
    {
        SessionRig rig(m_broker);
        SessionView *a = rig.open(ProtocolVersion::V5, QStringLiteral("nl-a"));
        SessionView *b = rig.open(ProtocolVersion::V5, QStringLiteral("nl-b"));
        QVERIFY(connectBoth(rig, a, b));
        QVERIFY(subscribe(a, QStringLiteral("nl/#"), [a] {
            // Space, as a keyboard user ticks it (a click in the middle of a wide check box
            // may land beside its label, which does not toggle it).
            QTest::keyClick(child<QCheckBox>(a, "subscribeNoLocal"), Qt::Key_Space);
        }));
        // The options stay as set (like the QoS) until changed: off for the control filter.
        QVERIFY(subscribe(a, QStringLiteral("nlc/#"),
                          [a] { child<QCheckBox>(a, "subscribeNoLocal")->setChecked(false); }));
        QCOMPARE(a->subscriptions()->itemFor(QStringLiteral("nl/#"))->text(0),
                 QStringLiteral("nl/#\nno local")); // the options under the filter

        // On the wire: the option bit set for that filter only.
        const auto sent = sentSubscribe(rig, a->session(), QStringLiteral("nl/#"));
        QVERIFY(sent);
        QVERIFY(sent->subscriptions.first().noLocal);
        QVERIFY(!sentSubscribe(rig, a->session(), QStringLiteral("nlc/#"))
                     ->subscriptions.first()
                     .noLocal);

        // In effect: its own "nl/own" never comes back; the control topic after it does, and
        // so does another session's message on the same filter.
        publish(a, QStringLiteral("nl/own"), QStringLiteral("1"));
        publish(a, QStringLiteral("nlc/after"), QStringLiteral("2"));
        QTRY_VERIFY_WITH_TIMEOUT(topics(a).contains(QStringLiteral("nlc/after")), TimeoutMs);
        publish(b, QStringLiteral("nl/other"), QStringLiteral("3"));
        QTRY_VERIFY_WITH_TIMEOUT(topics(a).contains(QStringLiteral("nl/other")), TimeoutMs);
        QCOMPARE(topics(a), (QStringList{QStringLiteral("nlc/after"), QStringLiteral("nl/other")}));
    }

    void retainOptionsChangeWhatArrives()
    {
        SessionRig rig(m_broker);
        SessionView *a = rig.open(ProtocolVersion::V5, QStringLiteral("rt-a"));
        SessionView *b = rig.open(ProtocolVersion::V5, QStringLiteral("rt-b"));
        QVERIFY(connectBoth(rig, a, b));
        child<QCheckBox>(b, "publishRetain")->setChecked(true);
        publish(b, QStringLiteral("rt/kept"), QStringLiteral("old"));
        child<QComboBox>(b, "publishQos")->setCurrentIndex(1);
        publish(b, QStringLiteral("rt/kept2"), QStringLiteral("old"));
        QTRY_VERIFY_WITH_TIMEOUT(b->publisher()->resultText().contains(QStringLiteral("delivered")),
                                 TimeoutMs);

        // Retain handling 2 (don't send) with retain as published ...
        QVERIFY(subscribe(a, QStringLiteral("rt/#"), [a] {
            child<QCheckBox>(a, "subscribeRetainAsPublished")->setChecked(true);
            child<QComboBox>(a, "subscribeRetainHandling")->setCurrentIndex(2);
        }));
        const auto sent = sentSubscribe(rig, a->session(), QStringLiteral("rt/#"));
        QVERIFY(sent);
        QCOMPARE(sent->subscriptions.first().retainHandling, quint8(2));
        QVERIFY(sent->subscriptions.first().retainAsPublished);
        // ... next to a plain subscription in another session, which gets the retained ones.
        SessionView *c = rig.open(ProtocolVersion::V5, QStringLiteral("rt-c"));
        QTRY_VERIFY_WITH_TIMEOUT(rig.isConnected(c), TimeoutMs);
        QVERIFY(subscribe(c, QStringLiteral("rt/#")));
        QTRY_COMPARE_WITH_TIMEOUT(c->messages()->rowCount(), 2, TimeoutMs);
        QVERIFY(rowOf(c, QStringLiteral("rt/kept"))->retain);

        // A live retained message: kept as published for a, cleared for c [MQTT-3.3.1-12].
        child<QComboBox>(b, "publishQos")->setCurrentIndex(0);
        publish(b, QStringLiteral("rt/live"), QStringLiteral("new"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(a, QStringLiteral("rt/live")), TimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(c, QStringLiteral("rt/live")), TimeoutMs);
        QVERIFY(rowOf(a, QStringLiteral("rt/live"))->retain);
        QVERIFY(!rowOf(c, QStringLiteral("rt/live"))->retain);
        // And a never got the old ones: the live one came after them, if they came at all.
        QCOMPARE(topics(a), QStringList{QStringLiteral("rt/live")});
        // Clean up the broker's retained messages for the other tests.
        for (const QString &topic :
             {QStringLiteral("rt/kept"), QStringLiteral("rt/kept2"), QStringLiteral("rt/live")})
            publish(b, topic);
    }

    void unsubscribeRemovesTheFilterAndStopsMessages_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<QString>("answer");
        QTest::newRow("5.0") << ProtocolVersion::V5 << QStringLiteral("(0x00 Success)");
        QTest::newRow("3.1.1") << ProtocolVersion::V3_1_1 << QStringLiteral("(UNSUBACK)");
    }

    void unsubscribeRemovesTheFilterAndStopsMessages()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(QString, answer);
        SessionRig rig(m_broker);
        SessionView *a = rig.open(version, QStringLiteral("un-a"));
        SessionView *b = rig.open(version, QStringLiteral("un-b"));
        QVERIFY(connectBoth(rig, a, b));
        QVERIFY(subscribe(a, QStringLiteral("un/#")));
        QVERIFY(subscribe(a, QStringLiteral("unc/#")));
        publish(b, QStringLiteral("un/1"), QStringLiteral("before"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(a, QStringLiteral("un/1")), TimeoutMs);

        QTreeWidget *list = a->subscriptions()->list();
        list->setCurrentItem(a->subscriptions()->itemFor(QStringLiteral("un/#")));
        auto *unsubscribe = child<QPushButton>(a, "unsubscribeButton");
        QVERIFY(unsubscribe->isEnabled());
        QTest::mouseClick(unsubscribe, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!a->subscriptions()->itemFor(QStringLiteral("un/#")), TimeoutMs);
        QCOMPARE(a->subscriptions()->statusText(),
                 QStringLiteral("● unsubscribed from un/# %1").arg(answer));
        QCOMPARE(list->topLevelItemCount(), 1);

        publish(b, QStringLiteral("un/2"), QStringLiteral("after"));
        publish(b, QStringLiteral("unc/after"), QStringLiteral("control"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(a, QStringLiteral("unc/after")), TimeoutMs);
        QVERIFY(!rowOf(a, QStringLiteral("un/2")));
    }

    void aNewSessionAtTheBrokerIsSubscribedAgain()
    {
        // A reconnect without a session present: the broker holds no subscription any more.
        // The panel asks again, with the options it had, and messages flow again.
        SessionRig rig(m_broker);
        SessionView *a = rig.open(ProtocolVersion::V5, QStringLiteral("again-a"));
        SessionView *b = rig.open(ProtocolVersion::V5, QStringLiteral("again-b"));
        QVERIFY(connectBoth(rig, a, b));
        child<QCheckBox>(a, "subscribeNoLocal")->setChecked(true);
        QVERIFY(subscribe(a, QStringLiteral("again/#")));
        rig.host().close(a->session());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.isConnected(a), TimeoutMs);
        QVERIFY(answerFor(a, QStringLiteral("again/#")).startsWith(QStringLiteral("● granted")));
        rig.host().open(a->session());
        QTRY_VERIFY_WITH_TIMEOUT(
            answerFor(a, QStringLiteral("again/#")).startsWith(QStringLiteral("● granted")) &&
                rig.isConnected(a),
            TimeoutMs);
        QVERIFY2(a->subscriptions()
                     ->itemFor(QStringLiteral("again/#"))
                     ->text(SubscriptionsPanel::FilterColumn)
                     .contains(QStringLiteral("no local")),
                 "the options are those asked for the first time");
        publish(b, QStringLiteral("again/1"), QStringLiteral("after"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(a, QStringLiteral("again/1")), TimeoutMs);
    }

    void jsonAndHexPayloadsArriveByteForByte()
    {
        SessionRig rig(m_broker);
        SessionView *a = rig.open(ProtocolVersion::V5, QStringLiteral("by-a"));
        SessionView *b = rig.open(ProtocolVersion::V5, QStringLiteral("by-b"));
        QVERIFY(connectBoth(rig, a, b));
        QVERIFY(subscribe(a, QStringLiteral("by/#")));

        const QString json = QStringLiteral("{ \"t\" :21.50,\n  \"unit\": \"°C\" }");
        publish(b, QStringLiteral("by/json"), json, QStringLiteral("JSON"));
        publish(b, QStringLiteral("by/hex"), QStringLiteral("00 ff 0d 0a 80 41"),
                QStringLiteral("Hex"));
        // Ctrl+Return in the payload field publishes too (Return there is a new line).
        b->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(b));
        child<QLineEdit>(b, "publishTopic")->setText(QStringLiteral("by/key"));
        auto *payload = child<QPlainTextEdit>(b, "publishPayload");
        payload->setFocus();
        payload->setPlainText(QStringLiteral("01"));
        QTest::keyClick(payload, Qt::Key_Return, Qt::ControlModifier);

        QTRY_COMPARE_WITH_TIMEOUT(a->messages()->rowCount(), 3, TimeoutMs);
        QCOMPARE(rowOf(a, QStringLiteral("by/json"))->payload, json.toUtf8());
        QCOMPARE(rowOf(a, QStringLiteral("by/hex"))->payload,
                 QByteArray("\x00\xff\x0d\x0a\x80\x41", 6));
        QCOMPARE(rowOf(a, QStringLiteral("by/key"))->payload, QByteArray("\x01", 1));
        QCOMPARE(payload->toPlainText(), QStringLiteral("01")); // no new line typed
        QCOMPARE(b->publisher()->history().entries().size(), 3);
        // Each went once: a marker published after them arrives as the fourth message.
        publish(b, QStringLiteral("by/end"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(a, QStringLiteral("by/end")), TimeoutMs);
        QCOMPARE(a->messages()->rowCount(), 4);
    }

    void v5PropertiesReachTheSubscribersDetails()
    {
        SessionRig rig(m_broker);
        SessionView *a = rig.open(ProtocolVersion::V5, QStringLiteral("pr-a"));
        SessionView *b = rig.open(ProtocolVersion::V5, QStringLiteral("pr-b"));
        QVERIFY(connectBoth(rig, a, b));
        QVERIFY(subscribe(a, QStringLiteral("pr/#"), [a] {
            QTest::keyClicks(child<QLineEdit>(a, "subscribeIdentifier"), QStringLiteral("7"));
        }));

        QTest::keyClicks(child<QLineEdit>(b, "publishContentType"),
                         QStringLiteral("application/json"));
        QTest::keyClicks(child<QLineEdit>(b, "publishResponseTopic"), QStringLiteral("pr/replies"));
        QTest::keyClicks(child<QLineEdit>(b, "publishCorrelation"), QStringLiteral("72 65 71 31"));
        QTest::keyClicks(child<QLineEdit>(b, "publishExpiry"), QStringLiteral("300"));
        child<UserPropertiesTable>(b, "publishUserProperties")
            ->setProperties({{QStringLiteral("unit"), QStringLiteral("C")},
                             {QStringLiteral("unit"), QStringLiteral("K")}});
        publish(b, QStringLiteral("pr/m"), QStringLiteral("{\"t\":1}"), QStringLiteral("JSON"));

        QTRY_COMPARE_WITH_TIMEOUT(a->messages()->rowCount(), 1, TimeoutMs);
        using Protocol::PropertyId;
        const Protocol::Properties &p = a->messages()->row(0).properties;
        QCOMPARE(p.string(PropertyId::ContentType), QStringLiteral("application/json"));
        QCOMPARE(p.string(PropertyId::ResponseTopic), QStringLiteral("pr/replies"));
        QCOMPARE(p.binary(PropertyId::CorrelationData), QByteArray("req1"));
        QCOMPARE(p.integer(PropertyId::PayloadFormatIndicator), 1u);
        QCOMPARE(p.integers(PropertyId::SubscriptionIdentifier), QList<quint32>{7});
        QVERIFY(p.integer(PropertyId::MessageExpiryInterval).value_or(0) <= 300);
        QCOMPARE(p.userProperties().size(), 2);

        // The detail pane lists them when the message is selected.
        QTableView *table = a->messagesView()->table();
        table->setCurrentIndex(table->model()->index(0, 0));
        const QString shown = a->messagesView()->detail()->propertiesText();
        for (const char *expected :
             {"Content Type: application/json", "Response Topic: pr/replies",
              "Correlation Data: \"req1\"", "Payload Format Indicator: 1 (UTF-8 text)",
              "Subscription Identifier: 7", "User Property: unit = C", "User Property: unit = K"})
            QVERIFY2(shown.contains(QLatin1String(expected)), qPrintable(shown));
    }
};

QTEST_MAIN(PublishSubscribeTest)
#include "tst_publishsubscribe.moc"
