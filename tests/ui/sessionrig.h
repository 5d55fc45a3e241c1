#pragma once

#include "brokerfixture.h"
#include "profiles/connectionprofile.h"
#include "session/keepalivetimer.h"
#include "session/sessionhost.h"
#include "session/sessionview.h"

#include <QDateTime>
#include <QHash>

#include <memory>
#include <unordered_map>

// Sessions on a SessionHost with a SessionView each, wired as MainWindow wires them (its
// onBatch() and answer routing), without the window: tests drive the panels directly.
// Keeps a copy of every event, so a test can look at the packets on the wire.
class SessionRig
{
public:
    explicit SessionRig(BrokerFixture &broker)
        : m_broker(broker)
    {
        using namespace PingScope;
        QObject::connect(&m_host, &SessionHost::batchReady, &m_context,
                         [this](const SessionBatch &batch) { onBatch(batch); });
        QObject::connect(&m_host, &SessionHost::requestFinished, &m_context,
                         [this](int id, quint64 request, const Session::SendResult &result) {
                             if (SessionView *view = this->view(id))
                                 view->requestFinished(request, result);
                         });
        QObject::connect(&m_host, &SessionHost::subscribeCompleted, &m_context,
                         [this](int id, quint16 packetId, const QList<quint8> &codes) {
                             if (SessionView *view = this->view(id))
                                 view->subscribeCompleted(packetId, codes);
                         });
        QObject::connect(&m_host, &SessionHost::unsubscribeCompleted, &m_context,
                         [this](int id, quint16 packetId, const QList<quint8> &codes) {
                             if (SessionView *view = this->view(id))
                                 view->unsubscribeCompleted(packetId, codes);
                         });
        QObject::connect(&m_host, &SessionHost::publishCompleted, &m_context,
                         [this](int id, quint16 packetId, quint8 code) {
                             if (SessionView *view = this->view(id))
                                 view->publishCompleted(packetId, code);
                         });
    }

    // A session to the fixture's broker, opened; its view shown.
    PingScope::SessionView *open(PingScope::Protocol::ProtocolVersion version,
                                 const QString &clientId)
    {
        using namespace PingScope;
        SessionSettings settings;
        settings.host = m_broker.host();
        settings.port = m_broker.port();
        settings.version = version;
        settings.clientId = clientId;
        settings.keepAliveSeconds = 30;
        const int id = m_host.createSession(settings);
        auto view = std::make_unique<SessionView>(&m_host, id);
        view->setProfile(ConnectionProfile::create(clientId, settings));
        view->resize(1000, 700);
        view->show();
        SessionView *raw = view.get();
        m_views.emplace(id, std::move(view));
        m_host.open(id);
        return raw;
    }

    bool isConnected(const PingScope::SessionView *view) const
    {
        return m_states.value(view->session()) == PingScope::Session::State::Connected;
    }
    PingScope::SessionView *view(int id) const
    {
        const auto found = m_views.find(id);
        return found == m_views.end() ? nullptr : found->second.get();
    }
    const QList<PingScope::Event> &events() const { return m_events; }
    PingScope::SessionHost &host() { return m_host; }

private:
    void onBatch(const PingScope::SessionBatch &batch)
    {
        using namespace PingScope;
        for (const SessionStatus &status : batch.statuses)
            m_states.insert(status.id, status.state);
        QHash<int, QList<const Event *>> bySession;
        for (const Event &event : batch.events) {
            bySession[event.session].append(&event);
            m_events.append(event);
        }
        const qint64 nowNs = KeepAliveTimer::monotonicClock()();
        const qint64 nowWallMs = QDateTime::currentMSecsSinceEpoch();
        for (auto it = bySession.cbegin(); it != bySession.cend(); ++it) {
            if (SessionView *view = this->view(it.key()))
                view->appendEvents(it.value(), nowNs, nowWallMs);
        }
    }

    BrokerFixture &m_broker;
    PingScope::SessionHost m_host;
    std::unordered_map<int, std::unique_ptr<PingScope::SessionView>> m_views;
    QHash<int, PingScope::Session::State> m_states;
    QList<PingScope::Event> m_events;
    // The receiver of the host's signals; declared last, so it is gone (and the connections
    // with it) before the members its lambdas use.
    QObject m_context;
};
