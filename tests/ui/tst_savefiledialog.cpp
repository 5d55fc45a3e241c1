// The save dialog every export uses: a name typed without a suffix gets the export's own (the
// chosen format's, when there are several), a name with one keeps it, Cancel gives nothing.

#include "common/savefiledialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace PingScope;

class SaveFileDialogTest : public QObject
{
    Q_OBJECT

    // Once the dialog is up: picks the `filterIndex`th format as a user does (keys on the
    // file type box), types `name` into its file name field and presses Save, or rejects
    // it when `name` is empty. Polled, since the dialog runs its own event loop.
    void answerWhenShown(const QString &name, int filterIndex = 0)
    {
        auto *poll = new QTimer(this);
        connect(poll, &QTimer::timeout, this, [this, poll, name, filterIndex] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            poll->deleteLater();
            poll->stop();
            if (name.isEmpty()) {
                dialog->reject();
                return;
            }
            auto *types = dialog->findChild<QComboBox *>(QStringLiteral("fileTypeCombo"));
            QVERIFY(types);
            for (int i = 0; i < filterIndex; ++i)
                QTest::keyClick(types, Qt::Key_Down);
            auto *field = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            QVERIFY(field);
            field->setText(name);
            QTest::keyClick(field, Qt::Key_Return); // as a user confirms the name
        });
        poll->start(20);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Qt's own dialog, whose widgets the test can reach, whatever the platform offers.
        QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    }

    void aNameWithoutSuffixGetsTheDefaultOne()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        answerWhenShown(QStringLiteral("handout"));
        const QString path = askSaveFileName(
            nullptr, QStringLiteral("Export"), folder.filePath(QStringLiteral("x.md")),
            QStringLiteral("Markdown (*.md)"), QStringLiteral("md"));
        QCOMPARE(path, folder.filePath(QStringLiteral("handout.md")));
    }

    void aNameWithASuffixKeepsIt()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        answerWhenShown(QStringLiteral("handout.txt"));
        const QString path = askSaveFileName(
            nullptr, QStringLiteral("Export"), folder.filePath(QStringLiteral("x.md")),
            QStringLiteral("Markdown (*.md)"), QStringLiteral("md"));
        QCOMPARE(path, folder.filePath(QStringLiteral("handout.txt")));
    }

    void theSuffixFollowsTheChosenFormat()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QList<SaveFormat> formats = {
            {QStringLiteral("Markdown (*.md)"), QStringLiteral("md")},
            {QStringLiteral("HTML (*.html)"), QStringLiteral("html")}};
        answerWhenShown(QStringLiteral("handout"), 1);
        QCOMPARE(askSaveFileName(nullptr, QStringLiteral("Export"),
                                 folder.filePath(QStringLiteral("x.md")), formats),
                 folder.filePath(QStringLiteral("handout.html")));
        answerWhenShown(QStringLiteral("handout"), 0);
        QCOMPARE(askSaveFileName(nullptr, QStringLiteral("Export"),
                                 folder.filePath(QStringLiteral("x.md")), formats),
                 folder.filePath(QStringLiteral("handout.md")));
    }

    void cancelGivesNothing()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        answerWhenShown(QString());
        QVERIFY(askSaveFileName(nullptr, QStringLiteral("Export"),
                                folder.filePath(QStringLiteral("x.md")),
                                QStringLiteral("Markdown (*.md)"), QStringLiteral("md"))
                    .isEmpty());
    }
};

QTEST_MAIN(SaveFileDialogTest)
#include "tst_savefiledialog.moc"
