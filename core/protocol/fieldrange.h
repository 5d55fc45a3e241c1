#pragma once

#include <QList>
#include <QString>

namespace PingScope::Protocol {

// One decoded field of a packet and the bytes it came from, for the packet inspector:
// selecting a field highlights its bytes and the reverse. Fields form a tree through
// `parent` (an index into the same list, -1 for top-level groups such as "Fixed header").
struct FieldRange
{
    QString name;         // "Keep Alive", "Session Expiry Interval", "Topic Name", ...
    QString value;        // display text: "60 s", "0x8E Session taken over"; empty for groups
    qsizetype offset = 0; // from the first byte of the packet
    qsizetype length = 0;
    int parent = -1;

    friend bool operator==(const FieldRange &a, const FieldRange &b)
    {
        return a.name == b.name && a.value == b.value && a.offset == b.offset &&
               a.length == b.length && a.parent == b.parent;
    }
};

using FieldList = QList<FieldRange>;

} // namespace PingScope::Protocol
