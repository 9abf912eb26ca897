// A VFS over SQLite's default one whose write-ahead log gathers each transaction's frames and writes
// them with one system call. SQLite writes a WAL frame as two writes (its 24-byte header, then the
// page): a group commit of a dozen saves made about 33 pwrite64 calls per complete response
// through the respondent pages, a measurable share of the server's CPU. Here the frames of a
// transaction are appended to a buffer and written, in order and at the same offsets, when the
// transaction's commit frame is complete (or before anything that could look at the file: a sync,
// a read overlapping them, its size, truncation, a file control, closing). The file's bytes after
// each of those are exactly what SQLite's own writes would have left; only the number of calls
// changes. Durability is SQLite's: a commit returns after its xSync, which finds the frames written.
// Only the WAL of the connection that uses the VFS is buffered; every other file passes through.
#pragma once

namespace mcs::storage::sqlite {

// The name to give sqlite3_open_v2 for the gathering VFS (registered on first use, not as the
// default), or nullptr when it could not be registered (the caller opens with the default VFS).
const char* GatheringVfs();

// Statistics for tests and benchmarks: write calls SQLite made to gathered WAL files, and the
// writes that reached the file system for them.
struct WalGatherCounts {
  long long sqlite_writes = 0;
  long long file_writes = 0;
};
WalGatherCounts WalGatherStats();

}  // namespace mcs::storage::sqlite
