#pragma once

#include <QString>

namespace PingScope::Protocol {

// Empty when `topic` may be published to; otherwise why not, with the rule's ID.
// A topic name is at least one character and has no wildcards ([MQTT-4.7.3-1], [MQTT-3.3.2-2]).
QString topicNameProblem(const QString &topic);

// Empty when `filter` may be subscribed to; otherwise why not. '#' stands alone as the last
// level ([MQTT-4.7.1-2]); '+' fills a whole level ([MQTT-4.7.1-3]); not empty ([MQTT-4.7.3-1]).
QString topicFilterProblem(const QString &filter);

// Empty when a 5.0 filter is not a shared subscription or is a well-formed one:
// "$share/{ShareName}/{filter}" with a non-empty share name without '/', '+' or '#'
// [MQTT-4.8.2-1] [MQTT-4.8.2-2] and a valid filter after it.
QString sharedSubscriptionProblem(const QString &filter);

} // namespace PingScope::Protocol
