#pragma once

class QCommandLineParser;

namespace PingScope::Cli {

// Adds every option of pingscope-cli to `parser` (parseCliOptions() reads them).
void addCliOptions(QCommandLineParser &parser);

} // namespace PingScope::Cli
