#pragma once

namespace PingScope::Cli {

// Raises this process's open-file limit (RLIMIT_NOFILE) from its soft value to the hard one,
// as servers do: each session is a socket, and Debian's soft limit of 1024 would stop
// `--sessions 1000` short. Returns the limit now in force (-1 if unknown).
long raiseOpenFileLimit();

} // namespace PingScope::Cli
