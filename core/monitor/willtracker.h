#pragma once

#include <QList>
#include <QSet>
#include <QString>

namespace PingScope {

// Links a message a session receives to the local session whose will it is. Sessions
// register their will topics when they connect and report when they lose the link, so a
// "will-received" event can name the owner and the time since its link went down.
class WillTracker
{
public:
    struct Owner
    {
        int session = 0;    // 0: no local session has this will
        qint64 lostNs = -1; // when its link went down; -1 if it has not (yet)
    };

    void setWill(int session, const QString &broker, const QString &topic);
    void clearWill(int session);
    void linkLost(int session, qint64 nowNs);
    void linkUp(int session);

    // The owner of the will `topic` on `broker`, other than `receiver` itself. When several
    // sessions share the topic, the one that lost its link most recently.
    Owner ownerOf(const QString &broker, const QString &topic, int receiver) const;

private:
    struct Entry
    {
        int session;
        QString broker;
        QString topic;
        qint64 lostNs;
    };
    QList<Entry> m_entries;
    QSet<QString> m_topics; // every entry's topic, for the per-message early exit
};

} // namespace PingScope
