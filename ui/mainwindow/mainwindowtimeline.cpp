// What crosses sessions in the window: the names sessions give each other, a will that one
// session received for another, and the timeline overlays that show several sessions on one
// time axis (a take-over's two sessions, a session and its will watcher).

#include "mainwindow.h"

#include "inspector/packetinspector.h"
#include "mainwindow/sessionlistmodel.h"
#include "monitor/timelinemodel.h"
#include "profiles/willwatcher.h"
#include "session/sessionbatch.h"
#include "session/sessionview.h"
#include "session/takeoverbanner.h"
#include "session/willview.h"
#include "timeline/timelinechart.h"
#include "timeline/timelineoverlaywindow.h"

namespace PingScope {

QString MainWindow::sessionName(int id) const
{
    // One arg() call: a profile name with "%1" in it stays as typed.
    return tr("#%1 %2").arg(QString::number(id), m_list->name(id));
}

void MainWindow::wireSessionView(int id, SessionView *view)
{
    view->setSessionNamer([this](int other) { return sessionName(other); });
    connect(view->takeoverBanner(), &TakeoverBanner::showBothRequested, this,
            [this, id](int other) {
                openOverlay(other > 0 ? QList<int>{id, other} : QList<int>{id});
            });
    connect(view->willView(), &WillView::watchRequested, this, [this, id] { watchWill(id); });
}

void MainWindow::watchWill(int owner)
{
    const ConnectionProfile profile = m_profiles.value(owner);
    if (!profile.settings.will)
        return;
    const int watcher = createSessionFromProfile(willWatcherProfile(profile));
    subscribeWhenConnected(watcher, willWatcherSubscription(profile));
}

void MainWindow::deliverStatusesAndWills(const SessionBatch &batch)
{
    for (const SessionStatus &status : batch.statuses) {
        if (SessionView *view = m_views.value(status.id))
            view->setStatus(status);
    }
    // A will arrives at the watcher, but it is news about its owner: the owner's Will tab.
    for (const Event &event : batch.events) {
        if (event.kind != EventKind::WillReceived)
            continue;
        if (SessionView *owner = m_views.value(event.otherSession))
            owner->willReceived(event, sessionName(event.session));
    }
    for (const QPointer<TimelineOverlayWindow> &overlay : std::as_const(m_overlays)) {
        if (overlay)
            overlay->chart()->modelChanged();
    }
}

TimelineOverlayWindow *MainWindow::openOverlay(const QList<int> &sessions)
{
    QList<int> ids;
    for (int id : sessions) {
        if (m_views.contains(id) && !ids.contains(id))
            ids.append(id);
    }
    if (ids.isEmpty())
        return nullptr;
    std::sort(ids.begin(), ids.end());
    auto *overlay = new TimelineOverlayWindow(this);
    overlay->setWindowFlag(Qt::Window);
    overlay->setAttribute(Qt::WA_DeleteOnClose);
    for (int id : std::as_const(ids))
        overlay->chart()->addModel(m_views.value(id)->timelineModel(), sessionName(id));
    retitleOverlay(overlay);
    overlay->chart()->setSummaryProvider([this](int session, quint64 sequence) {
        const SessionView *view = m_views.value(session);
        return view ? view->inspector()->summaryOf(sequence) : QString();
    });
    // A click shows the packet in its own session's inspector, in this window.
    connect(overlay->chart(), &TimelineChart::packetClicked, this,
            [this](int session, quint64 sequence) {
                if (SessionView *view = m_views.value(session)) {
                    selectSession(session);
                    view->showPacket(sequence);
                    activateWindow();
                }
            });
    m_overlays.removeAll(nullptr);
    m_overlays.append(overlay);
    const QSize base = size();
    overlay->resize(base.width() * 4 / 5, base.height() * 3 / 5);
    overlay->show();
    overlay->chart()->modelChanged();
    return overlay;
}

void MainWindow::retitleOverlay(TimelineOverlayWindow *overlay)
{
    overlay->setTitle(
        tr("Timelines of %1").arg(overlay->chart()->sessionNames().join(QStringLiteral(" · "))));
    overlay->setWindowTitle(tr("Timeline overlay — PingScope"));
}

void MainWindow::forgetTimelineOf(SessionView *view)
{
    for (const QPointer<TimelineOverlayWindow> &overlay : std::as_const(m_overlays)) {
        if (!overlay)
            continue;
        const int before = overlay->chart()->modelCount();
        overlay->chart()->removeModel(view->timelineModel());
        if (overlay->chart()->modelCount() == before)
            continue;
        // The title named the removed session; an overlay of none shows nothing at all.
        if (overlay->chart()->modelCount() == 0)
            overlay->close();
        else
            retitleOverlay(overlay);
    }
}

} // namespace PingScope
