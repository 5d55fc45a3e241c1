#include "packetids.h"

namespace PingScope {

namespace {

constexpr int MaxId = 65535;

// The ID after `id` in 1..65535, wrapping past 65535 to 1 (0 is never an identifier).
quint16 nextId(quint16 id)
{
    return id >= MaxId ? quint16(1) : quint16(id + 1);
}

} // namespace

quint16 PacketIds::acquire()
{
    if (m_count >= MaxId)
        return 0;
    // Round-robin from the last ID handed out, so a just-released ID is the last to come
    // back. At least one ID is free, so the scan ends within one lap.
    quint16 id = m_last;
    do {
        id = nextId(id);
    } while (m_used.test(id));
    m_used.set(id);
    ++m_count;
    m_last = id;
    return id;
}

bool PacketIds::claim(quint16 id)
{
    if (id == 0 || m_used.test(id))
        return false;
    m_used.set(id);
    ++m_count;
    return true;
}

void PacketIds::release(quint16 id)
{
    // Idempotent: a duplicate ack may release an ID twice.
    if (id == 0 || !m_used.test(id))
        return;
    m_used.reset(id);
    --m_count;
}

void PacketIds::clear()
{
    m_used.reset();
    m_last = 0;
    m_count = 0;
}

} // namespace PingScope
