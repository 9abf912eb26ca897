#include "storage/sqlite/wal_gather.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>

namespace mcs::storage::sqlite {
namespace {

std::atomic<long long> g_sqlite_writes{0};
std::atomic<long long> g_file_writes{0};

// Our part of the sqlite3_file SQLite allocates (szOsFile bytes); the default VFS's file follows it.
// Plain data: SQLite allocates and frees the memory, xOpen and xClose bracket its life.
struct GatherFile {
  sqlite3_file base;   // base.pMethods: kMethods
  sqlite3_file* real;  // the default VFS's file, in the same allocation after this struct
  bool gather;         // a WAL file: writes are buffered
  char* buf;           // buffered bytes, for the file's offsets [start, start + len)
  sqlite3_int64 start;
  std::size_t len;
  std::size_t cap;
  sqlite3_int64 commit_page_at;  // offset of the commit frame's page once its header is buffered, else -1
};

constexpr std::size_t kRealOffset = (sizeof(GatherFile) + 15) & ~std::size_t{15};
// A transaction larger than this (a bulk import) goes out in pieces of about this size.
constexpr std::size_t kMaxBuffer = std::size_t{8} << 20;
// A WAL frame's header (https://www.sqlite.org/fileformat2.html#walformat): 24 bytes written on their
// own, the page follows; bytes 4-7, the database's size in pages after the commit, are non-zero only
// in a commit frame.
constexpr int kFrameHeader = 24;

GatherFile* AsGather(sqlite3_file* f) {
  return reinterpret_cast<GatherFile*>(f);
}

// The default VFS writes at most 128 KiB - 1 per call (unixWrite's seekAndWrite masks the length
// with 0x1ffff and reports SQLITE_FULL for the rest): larger runs go out in pieces of 124 KiB.
constexpr std::size_t kMaxWrite = 124 * 1024;

int Flush(GatherFile* f) {
  f->commit_page_at = -1;
  std::size_t n = f->len;
  f->len = 0;
  for (std::size_t done = 0; done < n;) {
    std::size_t k = std::min(kMaxWrite, n - done);
    g_file_writes++;
    int rc = f->real->pMethods->xWrite(f->real, f->buf + done, static_cast<int>(k),
                                       f->start + static_cast<sqlite3_int64>(done));
    if (rc != SQLITE_OK) return rc;
    done += k;
  }
  return SQLITE_OK;
}

int Append(GatherFile* f, const char* data, std::size_t n) {
  if (f->len + n > f->cap) {
    std::size_t cap = std::max<std::size_t>({f->cap * 2, f->len + n, 64 * 1024});
    void* grown = std::realloc(f->buf, cap);
    if (!grown) return SQLITE_NOMEM;
    f->buf = static_cast<char*>(grown);
    f->cap = cap;
  }
  std::memcpy(f->buf + f->len, data, n);
  f->len += n;
  return SQLITE_OK;
}

bool Overlaps(const GatherFile* f, sqlite3_int64 off, sqlite3_int64 n) {
  return f->len > 0 && off < f->start + static_cast<sqlite3_int64>(f->len) && f->start < off + n;
}

int Close(sqlite3_file* pf) {
  GatherFile* f = AsGather(pf);
  int rc = Flush(f);
  int rc2 = f->real->pMethods->xClose(f->real);
  std::free(f->buf);
  f->buf = nullptr;
  f->cap = 0;
  return rc != SQLITE_OK ? rc : rc2;
}

int Read(sqlite3_file* pf, void* out, int amt, sqlite3_int64 off) {
  GatherFile* f = AsGather(pf);
  if (Overlaps(f, off, amt)) {
    if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  }
  return f->real->pMethods->xRead(f->real, out, amt, off);
}

int Write(sqlite3_file* pf, const void* data, int amt, sqlite3_int64 off) {
  GatherFile* f = AsGather(pf);
  if (!f->gather) return f->real->pMethods->xWrite(f->real, data, amt, off);
  g_sqlite_writes++;
  const char* bytes = static_cast<const char*>(data);
  const auto n = static_cast<std::size_t>(amt);
  const sqlite3_int64 end = f->start + static_cast<sqlite3_int64>(f->len);
  int rc = SQLITE_OK;
  if (f->len > 0 && off >= f->start && off + amt <= end) {
    // A frame of this transaction written again (a page changed twice): in place.
    std::memcpy(f->buf + (off - f->start), bytes, n);
  } else if (f->len > 0 && off == end && f->len + n <= kMaxBuffer) {
    rc = Append(f, bytes, n);
  } else {
    sqlite3_int64 commit_page_at = f->commit_page_at;
    if (rc = Flush(f); rc != SQLITE_OK) return rc;
    f->commit_page_at = commit_page_at;
    f->start = off;
    rc = Append(f, bytes, n);
  }
  if (rc != SQLITE_OK) {
    // Out of memory for the buffer: what is buffered goes out, then this write as SQLite made it.
    if (int frc = Flush(f); frc != SQLITE_OK) return frc;
    return f->real->pMethods->xWrite(f->real, data, amt, off);
  }
  if (amt == kFrameHeader && (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0) {
    f->commit_page_at = off + kFrameHeader;
  } else if (f->commit_page_at == off) {
    // The commit frame is complete: the transaction's frames reach the file now, whatever the
    // connection's synchronous setting (with FULL, its xSync follows and finds nothing buffered).
    return Flush(f);
  }
  return SQLITE_OK;
}

int Truncate(sqlite3_file* pf, sqlite3_int64 size) {
  GatherFile* f = AsGather(pf);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xTruncate(f->real, size);
}

int Sync(sqlite3_file* pf, int flags) {
  GatherFile* f = AsGather(pf);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xSync(f->real, flags);
}

int FileSize(sqlite3_file* pf, sqlite3_int64* size) {
  GatherFile* f = AsGather(pf);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileSize(f->real, size);
}

int Lock(sqlite3_file* pf, int level) {
  GatherFile* f = AsGather(pf);
  return f->real->pMethods->xLock(f->real, level);
}

int Unlock(sqlite3_file* pf, int level) {
  GatherFile* f = AsGather(pf);
  return f->real->pMethods->xUnlock(f->real, level);
}

int CheckReservedLock(sqlite3_file* pf, int* out) {
  GatherFile* f = AsGather(pf);
  return f->real->pMethods->xCheckReservedLock(f->real, out);
}

int FileControl(sqlite3_file* pf, int op, void* arg) {
  GatherFile* f = AsGather(pf);
  // Whatever the control does to or reads of the file, it sees SQLite's writes.
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int SectorSize(sqlite3_file* pf) {
  GatherFile* f = AsGather(pf);
  return f->real->pMethods->xSectorSize(f->real);
}

int DeviceCharacteristics(sqlite3_file* pf) {
  GatherFile* f = AsGather(pf);
  return f->real->pMethods->xDeviceCharacteristics(f->real);
}

int ShmMap(sqlite3_file* pf, int region, int size, int extend, void volatile** out) {
  GatherFile* f = AsGather(pf);
  if (f->real->pMethods->iVersion < 2 || !f->real->pMethods->xShmMap) return SQLITE_IOERR_SHMMAP;
  return f->real->pMethods->xShmMap(f->real, region, size, extend, out);
}

int ShmLock(sqlite3_file* pf, int offset, int n, int flags) {
  GatherFile* f = AsGather(pf);
  if (f->real->pMethods->iVersion < 2 || !f->real->pMethods->xShmLock) return SQLITE_IOERR_SHMLOCK;
  return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

void ShmBarrier(sqlite3_file* pf) {
  GatherFile* f = AsGather(pf);
  if (f->real->pMethods->iVersion >= 2 && f->real->pMethods->xShmBarrier) f->real->pMethods->xShmBarrier(f->real);
}

int ShmUnmap(sqlite3_file* pf, int remove) {
  GatherFile* f = AsGather(pf);
  if (f->real->pMethods->iVersion < 2 || !f->real->pMethods->xShmUnmap) return SQLITE_OK;
  return f->real->pMethods->xShmUnmap(f->real, remove);
}

int Fetch(sqlite3_file* pf, sqlite3_int64 off, int amt, void** out) {
  GatherFile* f = AsGather(pf);
  *out = nullptr;
  // Memory-mapped reads of buffered bytes would miss them; the caller falls back to xRead.
  if (f->gather || f->real->pMethods->iVersion < 3 || !f->real->pMethods->xFetch) return SQLITE_OK;
  return f->real->pMethods->xFetch(f->real, off, amt, out);
}

int Unfetch(sqlite3_file* pf, sqlite3_int64 off, void* p) {
  GatherFile* f = AsGather(pf);
  if (f->real->pMethods->iVersion < 3 || !f->real->pMethods->xUnfetch) return SQLITE_OK;
  return f->real->pMethods->xUnfetch(f->real, off, p);
}

const sqlite3_io_methods kMethods = {
    3,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

sqlite3_vfs* Real(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* pf, int flags, int* out_flags) {
  auto* f = AsGather(pf);
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(pf) + kRealOffset);
  f->real->pMethods = nullptr;
  f->gather = (flags & SQLITE_OPEN_WAL) != 0;
  f->buf = nullptr;
  f->start = 0;
  f->len = 0;
  f->cap = 0;
  f->commit_page_at = -1;
  int rc = Real(vfs)->xOpen(Real(vfs), name, f->real, flags, out_flags);
  // As SQLite requires: methods set whether or not the open succeeded, null when there is nothing to close.
  pf->pMethods = f->real->pMethods ? &kMethods : nullptr;
  return rc;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return Real(vfs)->xDelete(Real(vfs), name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Real(vfs)->xAccess(Real(vfs), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return Real(vfs)->xFullPathname(Real(vfs), name, n, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) {
  return Real(vfs)->xDlOpen(Real(vfs), name);
}
void DlError(sqlite3_vfs* vfs, int n, char* out) {
  Real(vfs)->xDlError(Real(vfs), n, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* h, const char* sym))(void) {
  return Real(vfs)->xDlSym(Real(vfs), h, sym);
}
void DlClose(sqlite3_vfs* vfs, void* h) {
  Real(vfs)->xDlClose(Real(vfs), h);
}
int Randomness(sqlite3_vfs* vfs, int n, char* out) {
  return Real(vfs)->xRandomness(Real(vfs), n, out);
}
int Sleep(sqlite3_vfs* vfs, int us) {
  return Real(vfs)->xSleep(Real(vfs), us);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return Real(vfs)->xCurrentTime(Real(vfs), out);
}
int GetLastError(sqlite3_vfs* vfs, int n, char* out) {
  return Real(vfs)->xGetLastError ? Real(vfs)->xGetLastError(Real(vfs), n, out) : 0;
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Real(vfs)->xCurrentTimeInt64(Real(vfs), out);
}
int SetSystemCall(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr p) {
  return Real(vfs)->xSetSystemCall(Real(vfs), name, p);
}
sqlite3_syscall_ptr GetSystemCall(sqlite3_vfs* vfs, const char* name) {
  return Real(vfs)->xGetSystemCall(Real(vfs), name);
}
const char* NextSystemCall(sqlite3_vfs* vfs, const char* name) {
  return Real(vfs)->xNextSystemCall(Real(vfs), name);
}

}  // namespace

const char* GatheringVfs() {
  static const char* const kName = []() -> const char* {
    sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    if (!real || real->iVersion < 2) return nullptr;
    static sqlite3_vfs vfs{};
    vfs.iVersion = std::min(real->iVersion, 3);
    vfs.szOsFile = static_cast<int>(kRealOffset) + real->szOsFile;
    vfs.mxPathname = real->mxPathname;
    vfs.zName = "mcs-wal-gather";
    vfs.pAppData = real;
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xDlOpen = DlOpen;
    vfs.xDlError = DlError;
    vfs.xDlSym = DlSym;
    vfs.xDlClose = DlClose;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    if (vfs.iVersion >= 3) {
      vfs.xSetSystemCall = SetSystemCall;
      vfs.xGetSystemCall = GetSystemCall;
      vfs.xNextSystemCall = NextSystemCall;
    }
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) return nullptr;
    return vfs.zName;
  }();
  return kName;
}

WalGatherCounts WalGatherStats() {
  return {g_sqlite_writes.load(), g_file_writes.load()};
}

}  // namespace mcs::storage::sqlite
