// The "Broker log" view (ui/broker) on a real mosquitto: its start-up line, a client's
// connection as mosquitto reports it, the stop line, the status line above the log, and the
// view's bound, tail following, Copy and Clear.

#include "broker/brokerlogview.h"
#include "broker/brokerstatusline.h"
#include "brokerfixture.h"
#include "session/session.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using namespace PingScope;

namespace {

constexpr int TimeoutMs = 5000;

QString numbered(int from, int count)
{
    QStringList lines;
    for (int i = from; i < from + count; ++i)
        lines << QStringLiteral("line %1").arg(i);
    return lines.join(QLatin1Char('\n'));
}

QString firstVisibleLine(const QPlainTextEdit *text)
{
    return text->cursorForPosition(QPoint(2, 2)).block().text();
}

void click(BrokerLogView &view, const char *action)
{
    for (auto *button : view.findChildren<QToolButton *>()) {
        if (button->defaultAction()->objectName() == QLatin1String(action)) {
            QTest::mouseClick(button, Qt::LeftButton);
            return;
        }
    }
    QFAIL(action);
}

} // namespace

class BrokerLogViewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsStartClientAndStopLinesLive()
    {
        BrokerFixture fixture;
        fixture.broker().setConnectionMessages(true);
        BrokerLogView view;
        view.resize(700, 300);
        view.show();
        view.setBroker(&fixture.broker());
        QVERIFY(view.statusLabel()->text().contains(QStringLiteral("no local broker running")));

        PINGSCOPE_REQUIRE_BROKER(fixture);
        const QString port = QString::number(fixture.port());
        // Appended as it arrived: mosquitto's own line, then ours.
        const QString text = view.textView()->toPlainText();
        QVERIFY2(
            text.contains(QStringLiteral("mosquitto version %1 running").arg(fixture.version())),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("[PingScope] mosquitto %1").arg(fixture.version())),
                 qPrintable(text));
        const QString status = view.statusLabel()->text();
        QVERIFY2(status.contains(fixture.version()) && status.contains(port) &&
                     status.contains(fixture.broker().configPath()),
                 qPrintable(status));

        Session client;
        SessionSettings settings;
        settings.host = fixture.host();
        settings.port = fixture.port();
        settings.clientId = QStringLiteral("broker-log-test-%1").arg(port);
        settings.keepAliveSeconds = 2;
        client.setSettings(settings);
        QVERIFY(client.open().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(view.textView()->toPlainText().contains(
                                     QStringLiteral("New client connected from 127.0.0.1")),
                                 TimeoutMs);
        QVERIFY(view.textView()->toPlainText().contains(settings.clientId));
        client.close();
        QTRY_VERIFY_WITH_TIMEOUT(
            view.textView()->toPlainText().contains(
                QStringLiteral("Client %1 disconnected").arg(settings.clientId)),
            TimeoutMs);

        QSignalSpy running(&fixture.broker(), &LocalBroker::runningChanged);
        fixture.broker().stop();
        QCOMPARE(running.count(), 1);
        QCOMPARE(running.at(0).at(0).toBool(), false);
        QVERIFY(view.textView()->toPlainText().endsWith(
            QStringLiteral("[PingScope] stopped mosquitto on port %1").arg(port)));
        QVERIFY2(view.statusLabel()->text().contains(QStringLiteral("no local broker running")),
                 qPrintable(view.statusLabel()->text()));
        // The same lines stay readable through log(), for a view opened later.
        QVERIFY(fixture.broker().log().contains(QStringLiteral("stopped mosquitto on port")));
    }

    void aViewOpenedLaterShowsTheHistory()
    {
        BrokerFixture fixture;
        PINGSCOPE_REQUIRE_BROKER(fixture);
        BrokerLogView view;
        view.setBroker(&fixture.broker());
        QVERIFY(view.textView()->toPlainText().contains(QStringLiteral(" running")));
        // Whole lines only: no empty line from the log's final line break.
        QVERIFY(!view.textView()->toPlainText().endsWith(QLatin1Char('\n')));
        view.setBroker(nullptr);
        QVERIFY(view.textView()->toPlainText().isEmpty());
        QVERIFY(view.statusLabel()->text().contains(QStringLiteral("no local broker running")));
    }

    void anUnexpectedExitIsSaidInTheLogAndTheStatus()
    {
        BrokerFixture fixture;
        PINGSCOPE_REQUIRE_BROKER(fixture);
        BrokerLogView view;
        view.setBroker(&fixture.broker());
        QSignalSpy exited(&fixture.broker(), &LocalBroker::exitedUnexpectedly);
        // Not through stop(): as if someone killed it.
        const auto processes = fixture.broker().findChildren<QProcess *>();
        QCOMPARE(processes.size(), 1);
        processes.first()->kill();
        QVERIFY(exited.wait(TimeoutMs));
        const QString reason = exited.at(0).at(0).toString();
        QVERIFY(view.textView()->toPlainText().endsWith(reason));
        QVERIFY2(view.statusLabel()->text().contains(reason),
                 qPrintable(view.statusLabel()->text()));
    }

    void saysHowToInstallAMissingMosquitto()
    {
        const BrokerStatusLine line = brokerStatusLine(nullptr, QString());
        QCOMPARE(line.look, SessionLook::Lost);
        QVERIFY(line.text.contains(LocalBroker::notInstalledText()));
        QVERIFY(line.text.contains(QStringLiteral("sudo apt install mosquitto")));
        // The broker's own error says it in the same words.
        QVERIFY(!LocalBroker::notInstalledText().isEmpty());
    }

    void theBoundHoldsAndSaysWhatWasDropped()
    {
        BrokerLogView view;
        QCOMPARE(view.maximumLines(), BrokerLogView::DefaultMaximumLines);
        view.setMaximumLines(100);
        view.appendLines(numbered(1, 250));
        view.appendLines(numbered(251, 50));
        QCOMPARE(view.textView()->blockCount(), 100);
        QCOMPARE(view.droppedLines(), quint64(200));
        QVERIFY(view.textView()->toPlainText().startsWith(QStringLiteral("line 201\n")));
        QVERIFY(view.textView()->toPlainText().endsWith(QStringLiteral("line 300")));
        QVERIFY(!view.droppedLabel()->isHidden());
        QVERIFY2(view.droppedLabel()->text().contains(QStringLiteral("200 older lines dropped")),
                 qPrintable(view.droppedLabel()->text()));

        click(view, "brokerLogClear");
        QVERIFY(view.textView()->toPlainText().isEmpty());
        QCOMPARE(view.droppedLines(), quint64(0));
        QVERIFY(view.droppedLabel()->isHidden());
    }

    void followsTheTailUnlessScrolledUp()
    {
        BrokerLogView view;
        view.resize(500, 240);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setMaximumLines(200);
        QScrollBar *scroll = view.textView()->verticalScrollBar();
        view.appendLines(numbered(1, 150));
        QCOMPARE(scroll->value(), scroll->maximum());
        QVERIFY(scroll->maximum() > 0);

        // Scrolled up to read: new lines, even ones that push out the oldest, leave the
        // lines in view where they are.
        scroll->setValue(scroll->maximum() / 2);
        const QString reading = firstVisibleLine(view.textView());
        view.appendLines(numbered(151, 100));
        QVERIFY(scroll->value() < scroll->maximum());
        QCOMPARE(firstVisibleLine(view.textView()), reading);

        // Back at the end: it follows again.
        scroll->setValue(scroll->maximum());
        view.appendLines(numbered(251, 5));
        QCOMPARE(scroll->value(), scroll->maximum());
    }

    void copiesTheSelectionOrEverything()
    {
        BrokerLogView view;
        view.appendLines(numbered(1, 3));
        click(view, "brokerLogCopy");
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("line 1\nline 2\nline 3"));

        QTextCursor cursor(view.textView()->document()->findBlockByNumber(1));
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        cursor.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        view.textView()->setTextCursor(cursor);
        click(view, "brokerLogCopy");
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("line 2\nline 3"));
    }
};

QTEST_MAIN(BrokerLogViewTest)
#include "tst_brokerlogview.moc"
