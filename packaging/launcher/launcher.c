/*
 * Cognito Bench onefile launcher (Linux).
 *
 * PyInstaller's onefile bootloader unpacks the whole bundle (~150 MB with Qt) into a fresh
 * temporary folder on every start and deletes it at exit: ~0.8 s before Python even starts.
 * This launcher carries the onedir build instead (appended by packaging/onefile.py) and
 * unpacks it once into a per-user cache folder named by the payload's hash; every later start
 * checks the unpacked files against the table of contents (one stat each) and execs the onedir
 * binary directly.
 *
 * File layout: [this program][file data ...][table of contents][trailer]
 *   trailer (48 bytes, little-endian): "CBLNCH01", u64 toc_offset, u64 toc_size,
 *     u32 entry_count, u32 reserved, char key[16] (hex of the payload's SHA-256, cut)
 *   entry: u8 kind, u8 pad[3], u32 mode, u64 offset, u64 stored_size, u64 raw_size,
 *     u32 path_len, path (relative, '/'-separated, no NUL)
 *   kind: 0 folder, 1 file stored, 2 file zlib, 3 symlink (data is the target)
 *
 * Cache: $COGNITO_BENCH_CACHE_DIR, else $XDG_CACHE_HOME/cognito-bench, else
 * $HOME/.cache/cognito-bench; folder app-<key>. A running copy holds a shared flock on the
 * folder's .lock (inherited across exec), so unpacking a new version removes only old versions
 * that no running copy uses. Unpacking goes to a private temporary folder renamed into place,
 * so a crash or a concurrent first start never leaves a half-written version behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

#define MAGIC "CBLNCH01"
#define TRAILER_SIZE 48
#define KEY_LEN 16
#define EXE_NAME "cognito-bench"
#define CHUNK (256 * 1024)

enum { KIND_DIR = 0, KIND_FILE = 1, KIND_ZLIB = 2, KIND_LINK = 3 };

typedef struct {
    int kind;
    uint32_t mode;
    uint64_t offset, stored, raw;
    char *path;
} Entry;

static const char *self_path;
static const char *unpacking_to; /* removed when unpacking fails: no half copy stays behind */
static int failing;              /* set by fail(): the other unpacking threads stop writing */

static void remove_tree(const char *path);

/* One line on stderr and exit 2. The first failing thread reports; the others wait for exit.
 * Other unpacking threads park at their next chunk (stop_if_failing), but one may finish the
 * chunk it is writing while the tree is removed: the removal is retried until the folder is
 * gone, so no half copy stays behind. */
static void fail(const char *what, const char *where, int err) {
    static pthread_mutex_t once = PTHREAD_MUTEX_INITIALIZER;
    __atomic_store_n(&failing, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&once);
    fprintf(stderr, "cognito-bench: %s %s: %s", what, where, err ? strerror(err) : "corrupt binary");
    if (err == ENOSPC || err == EACCES || err == EROFS || err == EPERM)
        fprintf(stderr, " (set COGNITO_BENCH_CACHE_DIR to a writable folder with ~200 MB free)");
    fputc('\n', stderr);
    if (unpacking_to) {
        struct stat st;
        for (int tries = 0; tries < 100; tries++) {
            remove_tree(unpacking_to);
            if (lstat(unpacking_to, &st) != 0) break;
            usleep(10000);
        }
    }
    exit(2);
}

/* A thread that sees another one failing stops writing and waits for fail() to exit. */
static void stop_if_failing(int fd) {
    if (!__atomic_load_n(&failing, __ATOMIC_SEQ_CST)) return;
    if (fd >= 0) close(fd);
    for (;;) pause();
}

/* Formats a path into buf (PATH_MAX bytes); a path that does not fit is an error, never cut. */
static void __attribute__((format(printf, 2, 3))) pathf(char *buf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, PATH_MAX, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= PATH_MAX) fail("path too long:", buf, ENAMETOOLONG);
}

static uint64_t le64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int read_at(int fd, void *buf, size_t n, uint64_t off) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        done += (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, (const char *)buf + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        done += (size_t)w;
    }
    return 0;
}

/* Reads the trailer and the table of contents; a malformed one is "corrupt binary". */
static Entry *read_toc(int fd, uint32_t *count, char key[KEY_LEN + 1]) {
    struct stat st;
    unsigned char tr[TRAILER_SIZE];
    if (fstat(fd, &st) != 0) fail("cannot read", self_path, errno);
    uint64_t size = (uint64_t)st.st_size;
    if (size < TRAILER_SIZE || read_at(fd, tr, TRAILER_SIZE, size - TRAILER_SIZE) != 0 ||
        memcmp(tr, MAGIC, 8) != 0)
        fail("no bundle in", self_path, 0);
    uint64_t toc_off = le64(tr + 8), toc_size = le64(tr + 16);
    *count = le32(tr + 24);
    memcpy(key, tr + 32, KEY_LEN);
    key[KEY_LEN] = '\0';
    for (int i = 0; i < KEY_LEN; i++)
        if (!strchr("0123456789abcdef", key[i]) || key[i] == '\0') fail("bad key in", self_path, 0);
    if (toc_off > size - TRAILER_SIZE || toc_size != size - TRAILER_SIZE - toc_off ||
        *count == 0 || *count > 1000000 || toc_size > 64u * 1024 * 1024)
        fail("bad table of contents in", self_path, 0);
    unsigned char *toc = malloc(toc_size ? toc_size : 1);
    Entry *entries = calloc(*count, sizeof(Entry));
    if (!toc || !entries) fail("out of memory reading", self_path, ENOMEM);
    if (read_at(fd, toc, toc_size, toc_off) != 0) fail("cannot read", self_path, errno);
    uint64_t pos = 0;
    for (uint32_t i = 0; i < *count; i++) {
        if (toc_size - pos < 36) fail("short table of contents in", self_path, 0);
        unsigned char *p = toc + pos;
        Entry *e = &entries[i];
        e->kind = p[0];
        e->mode = le32(p + 4) & 07777;
        e->offset = le64(p + 8);
        e->stored = le64(p + 16);
        e->raw = le64(p + 24);
        uint32_t len = le32(p + 32);
        pos += 36;
        if (len == 0 || len > PATH_MAX / 2 || toc_size - pos < len || e->kind > KIND_LINK ||
            e->offset > toc_off || e->stored > toc_off - e->offset)
            fail("bad entry in", self_path, 0);
        e->path = strndup((char *)toc + pos, len);
        if (!e->path) fail("out of memory reading", self_path, ENOMEM);
        pos += len;
        /* Only paths inside the folder: no absolute path, no "..", no empty component. */
        if (e->path[0] == '/' || strlen(e->path) != len || strstr(e->path, "//") ||
            !strcmp(e->path, "..") || !strncmp(e->path, "../", 3) || strstr(e->path, "/../") ||
            (len >= 3 && !strcmp(e->path + len - 3, "/..")))
            fail("unsafe path in", self_path, 0);
    }
    free(toc);
    return entries;
}

/* A version folder is usable when every entry is there with its kind and size. */
static int verify(const char *dir, const Entry *entries, uint32_t count) {
    char path[PATH_MAX];
    struct stat st;
    for (uint32_t i = 0; i < count; i++) {
        const Entry *e = &entries[i];
        pathf(path, "%s/%s", dir, e->path);
        if (lstat(path, &st) != 0) return 0;
        if (e->kind == KIND_DIR && !S_ISDIR(st.st_mode)) return 0;
        if (e->kind == KIND_LINK && !S_ISLNK(st.st_mode)) return 0;
        if ((e->kind == KIND_FILE || e->kind == KIND_ZLIB) &&
            (!S_ISREG(st.st_mode) || (uint64_t)st.st_size != e->raw))
            return 0;
    }
    pathf(path, "%s/.lock", dir);
    return access(path, R_OK) == 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path) {
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_entry(int src, const Entry *e, const char *path, unsigned char *in,
                        unsigned char *out) {
    if (e->kind == KIND_DIR) {
        if (mkdir(path, (e->mode & 0755) | 0700) != 0) fail("cannot create", path, errno);
        return;
    }
    if (e->kind == KIND_LINK) {
        char target[PATH_MAX];
        if (e->stored >= sizeof target || read_at(src, target, e->stored, e->offset) != 0)
            fail("cannot read link for", path, 0);
        target[e->stored] = '\0';
        if (symlink(target, path) != 0) fail("cannot create", path, errno);
        return;
    }
    stop_if_failing(-1);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) fail("cannot create", path, errno);
    uint64_t left = e->stored, off = e->offset, written = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (e->kind == KIND_ZLIB && inflateInit(&z) != Z_OK) fail("cannot inflate", path, ENOMEM);
    int zret = Z_OK;
    while (left > 0) {
        stop_if_failing(fd);
        size_t n = left < CHUNK ? (size_t)left : CHUNK;
        if (read_at(src, in, n, off) != 0) fail("cannot read", self_path, errno ? errno : EIO);
        off += n, left -= n;
        if (e->kind == KIND_FILE) {
            if (write_all(fd, in, n) != 0) fail("cannot write", path, errno);
            written += n;
            continue;
        }
        z.next_in = in, z.avail_in = (uInt)n;
        do {
            z.next_out = out, z.avail_out = CHUNK;
            zret = inflate(&z, Z_NO_FLUSH);
            if (zret != Z_OK && zret != Z_STREAM_END) fail("corrupt data for", path, 0);
            size_t have = CHUNK - z.avail_out;
            if (write_all(fd, out, have) != 0) fail("cannot write", path, errno);
            written += have;
        } while (z.avail_out == 0 && zret != Z_STREAM_END);
    }
    if (e->kind == KIND_ZLIB) inflateEnd(&z);
    if (written != e->raw) fail("size mismatch for", path, 0);
    if (fchmod(fd, (e->mode & 0755) | 0400) != 0 || close(fd) != 0) fail("cannot write", path, errno);
}

/* Files are inflated by one thread per core (largest first), folders and links before. */
typedef struct {
    int src;
    const Entry *entries;
    const uint32_t *order;
    uint32_t count;
    const char *tmp;
} Work;

static uint32_t next_file;
static const Entry *sort_entries;

static int larger_first(const void *a, const void *b) {
    uint64_t x = sort_entries[*(const uint32_t *)a].stored;
    uint64_t y = sort_entries[*(const uint32_t *)b].stored;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void *inflate_files(void *arg) {
    const Work *w = arg;
    unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
    char path[PATH_MAX];
    if (!in || !out) fail("out of memory unpacking to", w->tmp, ENOMEM);
    for (;;) {
        uint32_t i = __atomic_fetch_add(&next_file, 1, __ATOMIC_RELAXED);
        if (i >= w->count) break;
        const Entry *e = &w->entries[w->order[i]];
        pathf(path, "%s/%s", w->tmp, e->path);
        write_entry(w->src, e, path, in, out);
    }
    free(in);
    free(out);
    return NULL;
}

/* Unpacks every entry into tmp (a fresh private folder). */
static void unpack(int src, const Entry *entries, uint32_t count, const char *tmp) {
    char path[PATH_MAX];
    uint32_t *order = malloc(count * sizeof *order), files = 0;
    if (!order) fail("out of memory unpacking to", tmp, ENOMEM);
    for (uint32_t i = 0; i < count; i++) {
        if (entries[i].kind == KIND_FILE || entries[i].kind == KIND_ZLIB) {
            order[files++] = i;
            continue;
        }
        pathf(path, "%s/%s", tmp, entries[i].path);
        write_entry(src, &entries[i], path, NULL, NULL);
    }
    sort_entries = entries;
    qsort(order, files, sizeof *order, larger_first);
    Work work = {src, entries, order, files, tmp};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pthread_t threads[8];
    int started = 0;
    for (long t = 1; t < (cores < 8 ? cores : 8); t++)
        if (pthread_create(&threads[started], NULL, inflate_files, &work) == 0) started++;
    inflate_files(&work);
    for (int t = 0; t < started; t++) pthread_join(threads[t], NULL);
    free(order);
    pathf(path, "%s/.lock", tmp);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || close(fd) != 0) fail("cannot create", path, errno);
}

/* Removes other versions no running copy holds, and temporary folders of dead unpackers. */
static void prune(const char *root, const char *keep) {
    DIR *d = opendir(root);
    if (!d) return;
    struct dirent *de;
    char path[PATH_MAX], lock[PATH_MAX];
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, keep)) continue;
        pathf(path, "%s/%s", root, de->d_name);
        if (!strncmp(de->d_name, "app-", 4)) {
            pathf(lock, "%s/.lock", path);
            int fd = open(lock, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
                char trash[PATH_MAX];
                pathf(trash, "%s/.trash-%ld-%s", root, (long)getpid(), de->d_name);
                if (rename(path, trash) == 0) remove_tree(trash);
            }
            close(fd);
        } else if (!strncmp(de->d_name, ".tmp-", 5) || !strncmp(de->d_name, ".trash-", 7)) {
            const char *dash = strchr(de->d_name + 1, '-');
            long pid = dash ? strtol(dash + 1, NULL, 10) : 0;
            if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) remove_tree(path);
        }
    }
    closedir(d);
}

static void cache_root(char *root, size_t size) {
    const char *env = getenv("COGNITO_BENCH_CACHE_DIR");
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (env && env[0] == '/')
        n = snprintf(root, size, "%s", env);
    else if (xdg && xdg[0] == '/')
        n = snprintf(root, size, "%s/cognito-bench", xdg);
    else if (home && home[0] == '/')
        n = snprintf(root, size, "%s/.cache/cognito-bench", home);
    else
        n = snprintf(root, size, "/tmp/cognito-bench-%ld", (long)getuid());
    /* Room left for the version folder and the longest path in the bundle. */
    if (n < 0 || (size_t)n + PATH_MAX / 2 + 64 >= size)
        fail("cache folder name too long:", root, ENAMETOOLONG);
    /* mkdir -p, private; the last level must be ours and not writable by others. */
    for (char *p = root + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(root, 0700) != 0 && errno != EEXIST) fail("cannot create", root, errno);
        *p = '/';
    }
    if (mkdir(root, 0700) != 0 && errno != EEXIST) fail("cannot create", root, errno);
    struct stat st;
    if (lstat(root, &st) != 0) fail("cannot use", root, errno);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 022))
        fail("refusing a cache folder that is not yours alone:", root, EPERM);
}

/* Starts the copy in dir when it is complete; returns only when it is not (or not there).
 * The shared lock is taken before the check: a new version's unpacking removes only copies
 * it can lock exclusively, so a checked copy cannot disappear under this start. */
static void run_if_ready(const char *dir, const Entry *entries, uint32_t count, char **argv) {
    char exe[PATH_MAX], lock[PATH_MAX];
    pathf(lock, "%s/.lock", dir);
    /* Held for the life of the process: exec keeps the descriptor open. */
    int fd = open(lock, O_RDONLY);
    if (fd < 0) return;
    if (flock(fd, LOCK_SH) != 0 || !verify(dir, entries, count)) {
        close(fd);
        return;
    }
    pathf(exe, "%s/%s", dir, EXE_NAME);
    argv[0] = exe;
    execv(exe, argv);
    fail("cannot start", exe, errno);
}

int main(int argc, char **argv) {
    (void)argc;
    static char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) fail("cannot find", "/proc/self/exe", errno);
    self[n] = '\0';
    self_path = self;
    int src = open(self, O_RDONLY | O_CLOEXEC);
    if (src < 0) fail("cannot open", self, errno);
    uint32_t count;
    char key[KEY_LEN + 1], root[PATH_MAX], name[KEY_LEN + 8], dir[PATH_MAX], tmp[PATH_MAX];
    Entry *entries = read_toc(src, &count, key);
    cache_root(root, sizeof root);
    snprintf(name, sizeof name, "app-%s", key);
    pathf(dir, "%s/%s", root, name);
    run_if_ready(dir, entries, count, argv);

    /* First start of this version, or a damaged copy: unpack afresh. */
    struct stat st;
    if (lstat(dir, &st) == 0) {
        pathf(tmp, "%s/.trash-%ld-%s", root, (long)getpid(), name);
        if (rename(dir, tmp) != 0) fail("cannot replace damaged", dir, errno);
        remove_tree(tmp);
    }
    fprintf(stderr, "cognito-bench: first start of this version: unpacking to %s\n", dir);
    pathf(tmp, "%s/.tmp-%ld-%s", root, (long)getpid(), name);
    remove_tree(tmp);
    if (mkdir(tmp, 0700) != 0) fail("cannot create", tmp, errno);
    unpacking_to = tmp;
    unpack(src, entries, count, tmp);
    unpacking_to = NULL;
    if (rename(tmp, dir) != 0) {
        int err = errno;
        remove_tree(tmp);
        /* Another first start won the race: use its copy (below). */
        if (!(err == EEXIST || err == ENOTEMPTY)) fail("cannot move into place", dir, err);
    }
    prune(root, name);
    run_if_ready(dir, entries, count, argv);
    fail("unpacked, but cannot use", dir, EIO);
    return 2;
}
