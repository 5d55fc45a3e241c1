#pragma once

#include <QList>
#include <QString>

namespace PingScope {

// Does a topic name match an MQTT topic filter ("site/+/temp", "sensors/#")? The filter is
// split into levels once, so that matching the rows of a large table costs no allocation.
// Follows the standard's matching rules (3.1.1 section 4.7, 5.0 section 4.7):
// '+' matches exactly one level, '#' the parent level and any number below it
// [MQTT-4.7.1-2], and a filter starting with a wildcard does not match topics starting with
// '$' [MQTT-4.7.2-1]. Case-sensitive, as topics are.
class TopicMatcher
{
public:
    TopicMatcher() = default;
    // `filter` should be valid (Protocol::topicFilterProblem() empty); an invalid one
    // matches nothing.
    explicit TopicMatcher(const QString &filter);

    bool isValid() const { return m_valid; }
    bool matches(QStringView topic) const;

    // Whether `text` uses MQTT wildcards, i.e. is meant as a filter rather than a plain text.
    static bool hasWildcard(const QString &text);

private:
    QList<QString> m_levels;
    bool m_valid = false;
};

} // namespace PingScope
