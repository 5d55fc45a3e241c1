#include "publishhistory.h"

#include "session/messagemodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>
#include <QSettings>

namespace PingScope {

namespace {
QString settingsKey(const QString &key)
{
    return QStringLiteral("publishHistory/%1").arg(key);
}
} // namespace

void PublishHistory::add(const QJsonObject &draft)
{
    m_entries.removeAll(draft);
    m_entries.prepend(draft);
    while (m_entries.size() > Limit)
        m_entries.removeLast();
    save();
}

void PublishHistory::setKey(const QString &key)
{
    if (key == m_key)
        return; // keeps what only memory holds (payloads above PersistLimit)
    m_key = key;
    if (key.isEmpty())
        return;
    const QJsonDocument saved =
        QJsonDocument::fromJson(QSettings().value(settingsKey(key)).toByteArray());
    // A damaged or foreign value is ignored, not fatal: it is only a convenience.
    m_entries.clear();
    for (const QJsonValue &entry : saved.array()) {
        if (entry.isObject() && m_entries.size() < Limit)
            m_entries.append(entry.toObject());
    }
}

void PublishHistory::save() const
{
    if (m_key.isEmpty())
        return;
    QJsonArray kept;
    for (const QJsonObject &entry : m_entries) {
        if (entry.value(QStringLiteral("payload")).toString().size() <= PersistLimit)
            kept.append(entry);
    }
    QSettings().setValue(settingsKey(m_key), QJsonDocument(kept).toJson(QJsonDocument::Compact));
}

QString PublishHistory::label(const QJsonObject &draft)
{
    const QString topic = draft.value(QStringLiteral("topic")).toString();
    const QString payload = draft.value(QStringLiteral("payload")).toString();
    if (payload.isEmpty())
        return QObject::tr("%1 · (empty)").arg(topic);
    return QStringLiteral("%1 · %2").arg(topic, payloadPreview(payload.toUtf8(), 40));
}

} // namespace PingScope
