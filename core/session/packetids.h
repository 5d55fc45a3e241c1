#pragma once

#include <QtGlobal>

#include <bitset>

namespace PingScope {

// Packet identifiers for one direction of one session: non-zero and not in use
// ([MQTT-2.3.1-2], 5.0 [MQTT-2.2.1-3]). Hands them out round-robin from the last one, so an
// ID just released is not reused at once (a late duplicate ack cannot be mistaken for it).
class PacketIds
{
public:
    // 0 when all 65,535 are in use.
    quint16 acquire();
    // Marks `id` in use (for state kept across a resumed session); false if it already was.
    bool claim(quint16 id);
    void release(quint16 id);
    bool inUse(quint16 id) const { return id != 0 && m_used.test(id); }
    int count() const { return m_count; }
    void clear();

private:
    std::bitset<65536> m_used;
    quint16 m_last = 0;
    int m_count = 0;
};

} // namespace PingScope
