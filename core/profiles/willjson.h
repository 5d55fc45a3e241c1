#pragma once

#include "protocol/packets.h"

#include <QJsonObject>

namespace PingScope {

class JsonFieldReader;

// A will as the "will" object of a profile file. `enabled` is written with it (a will the
// user switched off is kept in the profile, see ConnectionProfile::disabledWill).
QJsonObject willToJson(const Protocol::Will &will, bool enabled);

// The will read from `reader`, problems going to the reader's list. The 5.0 properties come
// back in the order 5.0 section 3.1.3.2 lists them, whatever order they were set in.
Protocol::Will willFromJson(JsonFieldReader &reader);

} // namespace PingScope
