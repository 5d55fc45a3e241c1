#include "topicmatcher.h"

#include "protocol/topics.h"

namespace PingScope {

namespace {
const QString SingleLevel = QStringLiteral("+");
const QString MultiLevel = QStringLiteral("#");
} // namespace

TopicMatcher::TopicMatcher(const QString &filter)
    : m_levels(filter.split(QLatin1Char('/')))
    , m_valid(Protocol::topicFilterProblem(filter).isEmpty())
{}

bool TopicMatcher::hasWildcard(const QString &text)
{
    return text.contains(QLatin1Char('+')) || text.contains(QLatin1Char('#'));
}

bool TopicMatcher::matches(QStringView topic) const
{
    if (!m_valid)
        return false;
    // [MQTT-4.7.2-1]: "#" and "+/..." do not reach the broker's own "$SYS/..." topics.
    if (topic.startsWith(QLatin1Char('$')) &&
        (m_levels.first() == SingleLevel || m_levels.first() == MultiLevel))
        return false;

    // Walk the topic's levels without splitting it: `start` is where the current level
    // begins; a topic of n slashes has n + 1 levels, empty ones included.
    qsizetype start = 0;
    for (qsizetype i = 0; i < m_levels.size(); ++i) {
        const QString &level = m_levels.at(i);
        if (level == MultiLevel)
            return true; // "a/#" matches "a" too: '#' includes the parent level
        if (start > topic.size())
            return false; // the topic has fewer levels than the filter
        qsizetype end = topic.indexOf(QLatin1Char('/'), start);
        if (end < 0)
            end = topic.size();
        if (level != SingleLevel && topic.mid(start, end - start) != level)
            return false;
        start = end + 1;
    }
    return start > topic.size(); // every level of the topic was consumed
}

} // namespace PingScope
