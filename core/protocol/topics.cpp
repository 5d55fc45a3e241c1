#include "topics.h"

#include <QList>
#include <QStringView>

namespace PingScope::Protocol {

QString topicNameProblem(const QString &topic)
{
    if (topic.isEmpty())
        return QStringLiteral("the topic name is empty [MQTT-4.7.3-1]");
    if (topic.contains(QLatin1Char('+')) || topic.contains(QLatin1Char('#')))
        return QStringLiteral("the topic name \"%1\" contains a wildcard (+ or #) [MQTT-3.3.2-2]")
            .arg(topic);
    return QString();
}

QString topicFilterProblem(const QString &filter)
{
    if (filter.isEmpty())
        return QStringLiteral("the topic filter is empty [MQTT-4.7.3-1]");
    const QList<QStringView> levels = QStringView(filter).split(QLatin1Char('/'));
    for (qsizetype i = 0; i < levels.size(); ++i) {
        const QStringView level = levels.at(i);
        if (level.contains(QLatin1Char('#'))) {
            if (level.size() != 1 || i != levels.size() - 1)
                return QStringLiteral("in the topic filter \"%1\", '#' must stand alone as the "
                                      "last level [MQTT-4.7.1-2]")
                    .arg(filter);
        }
        if (level.contains(QLatin1Char('+')) && level.size() != 1)
            return QStringLiteral("in the topic filter \"%1\", '+' must fill a whole level "
                                  "[MQTT-4.7.1-3]")
                .arg(filter);
    }
    return QString();
}

QString sharedSubscriptionProblem(const QString &filter)
{
    static const QString prefix = QStringLiteral("$share/");
    if (!filter.startsWith(prefix))
        return QString();
    const qsizetype nameEnd = filter.indexOf(QLatin1Char('/'), prefix.size());
    const QStringView shareName =
        nameEnd < 0 ? QStringView(filter).mid(prefix.size())
                    : QStringView(filter).mid(prefix.size(), nameEnd - prefix.size());
    if (nameEnd < 0 || nameEnd + 1 >= filter.size())
        return QStringLiteral("the shared subscription \"%1\" has no topic filter after its share "
                              "name [MQTT-4.8.2-1]")
            .arg(filter);
    if (shareName.isEmpty())
        return QStringLiteral("the shared subscription \"%1\" has an empty share name "
                              "[MQTT-4.8.2-1]")
            .arg(filter);
    if (shareName.contains(QLatin1Char('+')) || shareName.contains(QLatin1Char('#')))
        return QStringLiteral("the share name of \"%1\" contains a wildcard [MQTT-4.8.2-2]")
            .arg(filter);
    return topicFilterProblem(filter.mid(nameEnd + 1));
}

} // namespace PingScope::Protocol
