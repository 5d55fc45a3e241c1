#pragma once

// What the hostile-broker tests (tst_sessionhostile*.cpp) share: when the broker misbehaves,
// and what the client said on its way out.

#include "fakebroker.h"

#include <optional>

// When the FakeBroker sends the bad bytes: as its answer to CONNECT, or once connected.
enum class Phase { BeforeConnack, AfterConnack };

// The DISCONNECT the broker received from the client, if any. In 5.0 a client that closes
// the connection because of the broker's error says why first (5.0 section 4.13).
inline std::optional<PingScope::Protocol::DisconnectPacket>
disconnectReceived(const FakeBroker &broker)
{
    for (const PingScope::Protocol::DecodedPacket &packet : broker.receivedPackets()) {
        if (const auto *disconnect =
                std::get_if<PingScope::Protocol::DisconnectPacket>(&packet.packet))
            return *disconnect;
    }
    return std::nullopt;
}
