#pragma once

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QToolButton;

namespace PingScope {

// The timeline's small toolbar: Pause / Follow, the window (10 s, 30 s, 60 s, 5 min), whether
// the view is live, and how to zoom and pan. It shows the chart's state and reports choices.
class TimelineToolbar : public QWidget
{
public:
    explicit TimelineToolbar(QWidget *parent = nullptr);

    void showState(bool following, qint64 windowNs);
    // What the label says while paused, after "paused: " ("the session goes on").
    void setPausedNote(const QString &note);

    std::function<void(bool following)> onFollowToggled;
    std::function<void(qint64 windowNs)> onWindowChosen;

private:
    QToolButton *m_followButton;
    QComboBox *m_windowBox;
    QString m_pausedNote;
    QLabel *m_stateLabel;
};

} // namespace PingScope
