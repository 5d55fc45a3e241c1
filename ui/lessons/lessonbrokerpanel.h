#pragma once

#include "lessonrun.h"
#include "lessons/lesson.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QRadioButton;

namespace PingScope {

// Where the lessons run: by default a local mosquitto of each run's own, configured with the
// lesson's brokerConfig lines (shown); or a broker the user names as host:port, and then a
// lesson that needs broker settings says so (it still runs: the observations say what that
// broker did instead). Says plainly when mosquitto is missing, and canRun() tells why Run
// cannot start.
class LessonBrokerPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LessonBrokerPanel(QWidget *parent = nullptr);

    // The mosquitto executable, found on the system by default; empty: not installed.
    void setMosquittoPath(const QString &path);
    void setLesson(const Lesson &lesson);
    // The broker of the run in progress or just finished ("local mosquitto 2.0.11 on
    // 127.0.0.1:40123"), or why it could not start; empty: none yet.
    void setActiveBroker(const QString &description, bool failed = false);
    // While a run goes on the choice cannot change.
    void setLocked(bool locked);

    // False with `why` (one sentence) when a run cannot start with the current choice.
    bool canRun(QString *why) const;
    LessonBrokerChoice choice() const;
    // Only for a host:port choice: "host:port", "[::1]:1883" or "host" (port 1883).
    void setAddress(const QString &address);

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void showActive();
    bool parseAddress(QString *host, quint16 *port) const;

    QRadioButton *m_local;
    QRadioButton *m_remote;
    QLineEdit *m_address;
    QLabel *m_info;
    QLabel *m_active;
    QString m_mosquitto;
    QStringList m_brokerConfig;
    QString m_activeText; // setActiveBroker()'s, kept to repaint in a new palette
    bool m_activeFailed = false;
};

} // namespace PingScope
