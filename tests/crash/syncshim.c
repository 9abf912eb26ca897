// syncshim: a power cut, simulated. LD_PRELOAD this library into a process and it keeps, beside each
// file whose path starts with $SYNCSHIM_MATCH, a "durable image" PATH.durable: the file's contents
// as of the last fsync/fdatasync/sync_file_range of it that RETURNED. What a power cut (or a kernel
// crash) leaves on the disk is at least that image and may be no more than it; a file never synced
// has no image (absent). After a SIGKILL, replacing each file by its image (a missing image: no file)
// gives the disk as the machine would find it after losing power at that moment, which a SIGKILL
// alone never shows: the kernel keeps everything already written in its page cache.
//
// The model, call by call:
//   fsync, fdatasync, sync_file_range (on a matching file): the contents are copied when the call
//     begins (what is written during the flush may or may not reach the disk: not counted) and the
//     copy becomes the image when the real call returns, so a process killed in the middle of a
//     flush keeps the previous image. $SYNCSHIM_DELAY_MS (default 0) sleeps inside the call, after
//     the copy, to widen the window in which a write acknowledged before its flush is caught.
//     Images only move forward: of two flushes of one file that overlap, the later copy wins.
//   unlink, unlinkat (of a matching file): the image goes too (SQLite deletes a WAL or a rollback
//     journal only after the database file holds their contents and was flushed).
//   syncfs, sync: every open matching file is flushed as by fsync.
// msync is not handled: SQLite writes no file through a mapping at our settings (strace shows only
// fdatasync; the -shm mapping is never synced and never needs to survive).
// $SYNCSHIM_DIR, if set: the images are kept there (DIR/NAME.durable, NAME the file's own name) rather
// than beside the files; a tmpfs keeps the copying off the disk whose flushes are being timed.
// $SYNCSHIM_LOG, if set: one line per image written ("sync PATH BYTES"), for the test's counts.
//
// Used by tests/crash/test_powercut.py; see its header for how the images are put back.
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

// The newest copy number published per file (a handful of files: a small table is enough).
#define MAX_FILES 16
static struct {
  char path[PATH_MAX];
  uint64_t published;
} files[MAX_FILES];
static uint64_t next_copy = 0;

static const char* match_prefix(void) {
  const char* m = getenv("SYNCSHIM_MATCH");
  return (m != NULL && *m != 0) ? m : NULL;
}

static int matches(const char* path) {
  const char* m = match_prefix();
  return m != NULL && strncmp(path, m, strlen(m)) == 0 && strstr(path, ".durable") == NULL;
}

// The path of an open file descriptor, or 0 when it is not a matching file.
static int fd_path(int fd, char* out, size_t size) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, out, size - 1);
  if (n <= 0) return 0;
  out[n] = 0;
  return matches(out);
}

// Where the image of `path` lives (`suffix` appended: "" or ".tmpN").
static void image_path(const char* path, const char* suffix, char* out, size_t size) {
  const char* dir = getenv("SYNCSHIM_DIR");
  if (dir != NULL && *dir != 0) {
    const char* slash = strrchr(path, '/');
    snprintf(out, size, "%s/%s.durable%s", dir, slash ? slash + 1 : path, suffix);
  } else {
    snprintf(out, size, "%s.durable%s", path, suffix);
  }
}

static void log_line(const char* what, const char* path, long long bytes) {
  const char* log = getenv("SYNCSHIM_LOG");
  if (log == NULL || *log == 0) return;
  int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[PATH_MAX + 64];
  int len = snprintf(line, sizeof line, "%s %s %lld\n", what, path, bytes);
  if (len > 0) (void)!write(fd, line, (size_t)len);
  close(fd);
}

static void die(const char* what, const char* path) {
  // A simulation that silently failed to keep an image would make the test prove nothing.
  fprintf(stderr, "syncshim: %s %s: %s\n", what, path, strerror(errno));
  abort();
}

// Copies `path` as it is now to a temporary file; returns its copy number (0: not copied).
static uint64_t copy_now(const char* path, char* tmp, size_t tmp_size) {
  pthread_mutex_lock(&mu);
  uint64_t copy = ++next_copy;
  char suffix[32];
  snprintf(suffix, sizeof suffix, ".tmp%llu", (unsigned long long)copy);
  image_path(path, suffix, tmp, tmp_size);
  int in = open(path, O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    pthread_mutex_unlock(&mu);
    if (errno == ENOENT) return 0;
    die("open", path);
  }
  int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) die("create", tmp);
  int in_kernel = 1;  // copy_file_range; sendfile where it cannot cross file systems
  for (;;) {
    ssize_t n = in_kernel ? copy_file_range(in, NULL, out, NULL, 1 << 30, 0) : sendfile(out, in, NULL, 1 << 30);
    if (n < 0 && in_kernel && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
      in_kernel = 0;
      continue;
    }
    if (n < 0) die("copying", path);
    if (n == 0) break;
  }
  close(in);
  close(out);
  pthread_mutex_unlock(&mu);
  return copy;
}

// The copy becomes the image, unless a later copy of the same file was already published.
static void publish(const char* path, const char* tmp, uint64_t copy) {
  pthread_mutex_lock(&mu);
  int slot = -1;
  for (int i = 0; i < MAX_FILES && slot < 0; ++i) {
    if (files[i].path[0] == 0) {
      snprintf(files[i].path, sizeof files[i].path, "%s", path);
      slot = i;
    } else if (strcmp(files[i].path, path) == 0) {
      slot = i;
    }
  }
  if (slot < 0) {
    errno = ENOSPC;
    die("too many files", path);
  }
  if (copy > files[slot].published) {
    char image[PATH_MAX + 64];
    image_path(path, "", image, sizeof image);
    if (rename(tmp, image) != 0) die("rename", tmp);
    files[slot].published = copy;
    struct stat st;
    log_line("sync", path, stat(image, &st) == 0 ? (long long)st.st_size : -1);
  } else {
    unlink(tmp);
  }
  pthread_mutex_unlock(&mu);
}

static void delay(void) {
  const char* d = getenv("SYNCSHIM_DELAY_MS");
  long ms = d ? strtol(d, NULL, 10) : 0;
  if (ms <= 0) return;
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// Runs `real_call` as a flush of `fd`: copy before, publish after a successful return.
#define FLUSH(fd, real_call)                      \
  do {                                            \
    char path_[PATH_MAX], tmp_[PATH_MAX + 96];    \
    uint64_t copy_ = 0;                           \
    int saved_errno_;                             \
    if (fd_path((fd), path_, sizeof path_)) {     \
      copy_ = copy_now(path_, tmp_, sizeof tmp_); \
      delay();                                    \
    }                                             \
    int rc_ = (real_call);                        \
    saved_errno_ = errno;                         \
    if (copy_ != 0) {                             \
      if (rc_ == 0)                               \
        publish(path_, tmp_, copy_);              \
      else                                        \
        unlink(tmp_);                             \
    }                                             \
    errno = saved_errno_;                         \
    return rc_;                                   \
  } while (0)

// The next definition of `name` (libc's): `static RET (*real_name) ARGS`, looked up on first use.
#define REAL(name, ret, args)    \
  static ret(*real_##name) args; \
  if (real_##name == NULL) *(void**)(&real_##name) = dlsym(RTLD_NEXT, #name)

int fsync(int fd) {
  REAL(fsync, int, (int));
  FLUSH(fd, real_fsync(fd));
}

int fdatasync(int fd) {
  REAL(fdatasync, int, (int));
  FLUSH(fd, real_fdatasync(fd));
}

int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags) {
  REAL(sync_file_range, int, (int, off64_t, off64_t, unsigned int));
  // Counted as a flush of the whole file only when it waits for the write-out (a bare
  // SYNC_FILE_RANGE_WRITE only starts it and promises nothing).
  if (!(flags & SYNC_FILE_RANGE_WAIT_AFTER)) return real_sync_file_range(fd, offset, nbytes, flags);
  FLUSH(fd, real_sync_file_range(fd, offset, nbytes, flags));
}

// syncfs and sync: every open matching file of this process, as by fsync.
static void flush_all_open(void) {
  DIR* d = opendir("/proc/self/fd");
  if (d == NULL) return;
  int fds[256];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL && n < 256) {
    int fd = atoi(e->d_name);
    char path[PATH_MAX];
    if (e->d_name[0] != '.' && fd != dirfd(d) && fd_path(fd, path, sizeof path)) fds[n++] = fd;
  }
  closedir(d);
  for (int i = 0; i < n; ++i) fsync(fds[i]);
}

int syncfs(int fd) {
  REAL(syncfs, int, (int));
  flush_all_open();
  return real_syncfs(fd);
}

void sync(void) {
  REAL(sync, void, (void));
  flush_all_open();
  real_sync();
}

static void forget_image(const char* path) {
  if (!matches(path)) return;
  char image[PATH_MAX + 64];
  image_path(path, "", image, sizeof image);
  pthread_mutex_lock(&mu);
  if (unlink(image) == 0) log_line("unlink", path, 0);
  pthread_mutex_unlock(&mu);
}

int unlink(const char* path) {
  REAL(unlink, int, (const char*));
  int rc = real_unlink(path);
  int saved = errno;
  if (rc == 0 && path[0] == '/') forget_image(path);
  errno = saved;
  return rc;
}

int unlinkat(int dirfd, const char* path, int flags) {
  REAL(unlinkat, int, (int, const char*, int));
  int rc = real_unlinkat(dirfd, path, flags);
  int saved = errno;
  if (rc == 0 && path[0] == '/') forget_image(path);
  errno = saved;
  return rc;
}
