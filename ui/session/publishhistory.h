#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace PingScope {

// The last publishes of one session, newest first, as the publish panel's fields held them
// (PublishPanel::draft()), so that choosing one restores every field exactly. Publishing the
// same thing again moves it to the top instead of listing it twice.
//
// Kept in memory per session; with a key (the profile's id) also in QSettings, so a profile
// opened again next time has its recent publishes back. Payloads above PersistLimit stay in
// memory only: a settings file is no place for megabytes.
class PublishHistory
{
public:
    static constexpr int Limit = 50;
    static constexpr int PersistLimit = 16 * 1024; // characters of payload text

    void add(const QJsonObject &draft);
    const QList<QJsonObject> &entries() const { return m_entries; }

    // Reads the history saved under `key` (replacing what is in memory); "" forgets the key.
    void setKey(const QString &key);
    QString key() const { return m_key; }

    // "sensors/17/temp · {"celsius": 21.5}": one line for a list.
    static QString label(const QJsonObject &draft);

private:
    void save() const;

    QList<QJsonObject> m_entries;
    QString m_key;
};

} // namespace PingScope
