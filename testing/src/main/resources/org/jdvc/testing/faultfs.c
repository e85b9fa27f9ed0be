/*
 * faultfs: a fault-injecting file system for jdvc's fault campaign, as an LD_PRELOAD library.
 *
 * Every libc call that changes a file (open for writing, write, copy_file_range, sendfile, rename, link, symlink,
 * unlink, rmdir, mkdir, truncate, chmod, fsync) on a path under FAULTFS_ROOT is a numbered "step". In count mode each
 * step is logged ("<n> <op> <path>" to FAULTFS_LOG); otherwise step FAULTFS_STEP gets FAULTFS_FAULT, and only it is
 * logged, with the fault it met ("<n> <op>=<fault> <path>": a fault the call cannot meet becomes EIO):
 *   ENOSPC, EIO, EACCES  the call fails with that errno and does nothing;
 *   SHORT                a write-like call writes only half of what it was asked (callers must loop);
 *   KILL                 the process is killed with SIGKILL before the call (kill -9 at that point).
 * Paths containing FAULTFS_EXCLUDE (a substring, e.g. "/.git/") are never counted.
 *
 * Why a preload library and not a Java FileSystemProvider: jdvc writes through java.nio *and* through direct libc
 * calls (java.lang.foreign: open(O_TMPFILE), write, linkat, copy_file_range), and only a library that replaces libc's
 * functions sees both. Calls made through the Foreign Function API look symbols up with dlsym on a handle, which does
 * not see preloaded libraries, so dlsym is replaced as well: for the functions below it returns these wrappers.
 *
 * Each wrapper below is spelled out: interposition needs one exported symbol per libc function, and a macro per
 * signature would hide which calls are covered.
 *
 * The library unsets LD_PRELOAD and its own variables when it loads, so the JVM's children (git, stage commands)
 * run without it and the step numbers are the JVM's alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum fault { F_NONE, F_ENOSPC, F_EIO, F_EACCES, F_SHORT, F_KILL };

static char root[4096];
static size_t root_len;
static char exclude[256];
static long target_step = -1;
static enum fault target_fault = F_NONE;
static int log_fd = -1;
static long step_counter;
static int active;

typedef void *(*dlsym_fn)(void *, const char *);
static dlsym_fn real_dlsym_fn;

static void *real_dlsym(void *handle, const char *name) {
    if (!real_dlsym_fn) {
        real_dlsym_fn = (dlsym_fn) dlvsym(RTLD_NEXT, "dlsym", "GLIBC_2.34");
        if (!real_dlsym_fn) {
            real_dlsym_fn = (dlsym_fn) dlvsym(RTLD_NEXT, "dlsym", "GLIBC_2.2.5");
        }
    }
    return real_dlsym_fn(handle, name);
}

#define REAL(name) ((__typeof__(&name)) real_dlsym(RTLD_NEXT, #name))

__attribute__((constructor)) static void faultfs_init(void) {
    const char *r = getenv("FAULTFS_ROOT");
    if (r && *r) {
        snprintf(root, sizeof root, "%s", r);
        root_len = strlen(root);
        active = 1;
    }
    const char *x = getenv("FAULTFS_EXCLUDE");
    if (x) {
        snprintf(exclude, sizeof exclude, "%s", x);
    }
    const char *s = getenv("FAULTFS_STEP");
    if (s) {
        target_step = atol(s);
    }
    const char *f = getenv("FAULTFS_FAULT");
    if (f) {
        target_fault = !strcmp(f, "ENOSPC") ? F_ENOSPC : !strcmp(f, "EIO") ? F_EIO : !strcmp(f, "EACCES") ? F_EACCES
                : !strcmp(f, "SHORT") ? F_SHORT : !strcmp(f, "KILL") ? F_KILL : F_NONE;
    }
    const char *l = getenv("FAULTFS_LOG");
    if (l && *l) {
        log_fd = REAL(open)(l, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    }
    unsetenv("LD_PRELOAD");
    unsetenv("FAULTFS_ROOT");
    unsetenv("FAULTFS_EXCLUDE");
    unsetenv("FAULTFS_STEP");
    unsetenv("FAULTFS_FAULT");
    unsetenv("FAULTFS_LOG");
}

/* The absolute form of (dirfd, path) into out; empty when it cannot be known. */
static void absolute(int dirfd, const char *path, char *out, size_t size) {
    out[0] = 0;
    if (!path) {
        return;
    }
    if (path[0] == '/') {
        snprintf(out, size, "%s", path);
        return;
    }
    char base[4096];
    if (dirfd == AT_FDCWD) {
        if (!getcwd(base, sizeof base)) {
            return;
        }
    } else {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, base, sizeof base - 1);
        if (n < 0) {
            return;
        }
        base[n] = 0;
    }
    snprintf(out, size, "%s/%s", base, path);
}

static void fd_path(int fd, char *out, size_t size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, size - 1);
    out[n < 0 ? 0 : n] = 0;
}

/*
 * Counts a step on `path` for `op` and returns the fault to apply to it (F_NONE mostly). `allowed` is a bit set of the
 * faults the call can meet; any other planned fault is applied as EIO (every call can fail with EIO).
 */
static enum fault step(const char *op, const char *path, unsigned allowed) {
    if (!active || strncmp(path, root, root_len) != 0 || (path[root_len] != '/' && path[root_len] != 0)) {
        return F_NONE;
    }
    if (exclude[0] && strstr(path, exclude)) {
        return F_NONE;
    }
    long n = __atomic_add_fetch(&step_counter, 1, __ATOMIC_SEQ_CST);
    if (target_step >= 0 && n != target_step) {
        return F_NONE;
    }
    enum fault applied = F_NONE;
    if (n == target_step) {
        applied = target_fault == F_KILL ? F_KILL
                : (allowed & (1u << target_fault)) ? target_fault
                : target_fault == F_SHORT ? F_NONE /* a short write only exists for write-like calls */
                : F_EIO; /* every call can fail with EIO */
    }
    /* counting: every step is logged; injecting: the one that meets the fault, as "<n> <op>=<fault> <path>" */
    if (log_fd >= 0) {
        static const char *names[] = {"NONE", "ENOSPC", "EIO", "EACCES", "SHORT", "KILL"};
        char line[4200];
        int len = target_step < 0 ? snprintf(line, sizeof line, "%ld %s %s\n", n, op, path)
                : snprintf(line, sizeof line, "%ld %s=%s %s\n", n, op, names[applied], path);
        if (len > 0) {
            REAL(write)(log_fd, line, (size_t) len < sizeof line ? (size_t) len : sizeof line - 1);
        }
    }
    if (applied == F_KILL) {
        kill(getpid(), SIGKILL);
    }
    return applied;
}

static int fail(enum fault f) {
    errno = f == F_ENOSPC ? ENOSPC : f == F_EACCES ? EACCES : EIO;
    return -1;
}

#define B(f) (1u << (f))
#define CREATE_FAULTS (B(F_ENOSPC) | B(F_EIO) | B(F_EACCES))
#define WRITE_FAULTS (B(F_ENOSPC) | B(F_EIO) | B(F_SHORT))
#define NAME_FAULTS (B(F_EIO) | B(F_EACCES))

static int writes(int flags) {
    return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

static int open_step(int dirfd, const char *path, int flags) {
    if (!writes(flags)) {
        return 0;
    }
    char abs[4096];
    absolute(dirfd, path, abs, sizeof abs);
    enum fault f = step("open", abs, CREATE_FAULTS);
    return f == F_NONE ? 0 : fail(f);
}

int open(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = va_arg(ap, mode_t);
    va_end(ap);
    if (open_step(AT_FDCWD, path, flags)) {
        return -1;
    }
    return REAL(open)(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = va_arg(ap, mode_t);
    va_end(ap);
    if (open_step(AT_FDCWD, path, flags)) {
        return -1;
    }
    return REAL(open64)(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = va_arg(ap, mode_t);
    va_end(ap);
    if (open_step(dirfd, path, flags)) {
        return -1;
    }
    return REAL(openat)(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = va_arg(ap, mode_t);
    va_end(ap);
    if (open_step(dirfd, path, flags)) {
        return -1;
    }
    return REAL(openat64)(dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode) {
    return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int creat64(const char *path, mode_t mode) {
    return open64(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* A write-like step on fd: returns -1 (errno set) to fail, 1 to shorten, 0 to run as is. */
static int write_step(const char *op, int fd, size_t count) {
    char path[4096];
    fd_path(fd, path, sizeof path);
    enum fault f = step(op, path, WRITE_FAULTS);
    if (f == F_SHORT) {
        return count > 1 ? 1 : 0;
    }
    return f == F_NONE ? 0 : fail(f);
}

ssize_t write(int fd, const void *buf, size_t count) {
    int s = write_step("write", fd, count);
    if (s < 0) {
        return -1;
    }
    return REAL(write)(fd, buf, s ? count / 2 : count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    int s = write_step("write", fd, count);
    if (s < 0) {
        return -1;
    }
    return REAL(pwrite)(fd, buf, s ? count / 2 : count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    int s = write_step("write", fd, count);
    if (s < 0) {
        return -1;
    }
    return REAL(pwrite64)(fd, buf, s ? count / 2 : count, offset);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    size_t total = 0;
    for (int i = 0; i < iovcnt; i++) {
        total += iov[i].iov_len;
    }
    int s = write_step("write", fd, total);
    if (s < 0) {
        return -1;
    }
    if (s && iovcnt > 0) {
        /* a short writev: only the first half of the first buffer */
        return REAL(write)(fd, iov[0].iov_base, iov[0].iov_len > 1 ? iov[0].iov_len / 2 : iov[0].iov_len);
    }
    return REAL(writev)(fd, iov, iovcnt);
}

ssize_t copy_file_range(int in, off_t *in_off, int out, off_t *out_off, size_t len, unsigned int flags) {
    int s = write_step("copy", out, len);
    if (s < 0) {
        return -1;
    }
    return REAL(copy_file_range)(in, in_off, out, out_off, s ? len / 2 : len, flags);
}

ssize_t sendfile(int out, int in, off_t *offset, size_t count) {
    int s = write_step("copy", out, count);
    if (s < 0) {
        return -1;
    }
    return REAL(sendfile)(out, in, offset, s ? count / 2 : count);
}

ssize_t sendfile64(int out, int in, off64_t *offset, size_t count) {
    int s = write_step("copy", out, count);
    if (s < 0) {
        return -1;
    }
    return REAL(sendfile64)(out, in, offset, s ? count / 2 : count);
}

static int name_step(const char *op, int dirfd, const char *path, unsigned allowed) {
    char abs[4096];
    absolute(dirfd, path, abs, sizeof abs);
    enum fault f = step(op, abs, allowed);
    return f == F_NONE ? 0 : fail(f);
}

int rename(const char *from, const char *to) {
    return name_step("rename", AT_FDCWD, to, CREATE_FAULTS) ? -1 : REAL(rename)(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to) {
    return name_step("rename", tofd, to, CREATE_FAULTS) ? -1 : REAL(renameat)(fromfd, from, tofd, to);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned int flags) {
    return name_step("rename", tofd, to, CREATE_FAULTS) ? -1 : REAL(renameat2)(fromfd, from, tofd, to, flags);
}

int link(const char *from, const char *to) {
    return name_step("link", AT_FDCWD, to, CREATE_FAULTS) ? -1 : REAL(link)(from, to);
}

int linkat(int fromfd, const char *from, int tofd, const char *to, int flags) {
    return name_step("link", tofd, to, CREATE_FAULTS) ? -1 : REAL(linkat)(fromfd, from, tofd, to, flags);
}

int symlink(const char *target, const char *to) {
    return name_step("symlink", AT_FDCWD, to, CREATE_FAULTS) ? -1 : REAL(symlink)(target, to);
}

int symlinkat(const char *target, int tofd, const char *to) {
    return name_step("symlink", tofd, to, CREATE_FAULTS) ? -1 : REAL(symlinkat)(target, tofd, to);
}

int unlink(const char *path) {
    return name_step("unlink", AT_FDCWD, path, NAME_FAULTS) ? -1 : REAL(unlink)(path);
}

int unlinkat(int dirfd, const char *path, int flags) {
    return name_step("unlink", dirfd, path, NAME_FAULTS) ? -1 : REAL(unlinkat)(dirfd, path, flags);
}

int rmdir(const char *path) {
    return name_step("rmdir", AT_FDCWD, path, NAME_FAULTS) ? -1 : REAL(rmdir)(path);
}

int mkdir(const char *path, mode_t mode) {
    return name_step("mkdir", AT_FDCWD, path, CREATE_FAULTS) ? -1 : REAL(mkdir)(path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
    return name_step("mkdir", dirfd, path, CREATE_FAULTS) ? -1 : REAL(mkdirat)(dirfd, path, mode);
}

int chmod(const char *path, mode_t mode) {
    return name_step("chmod", AT_FDCWD, path, NAME_FAULTS) ? -1 : REAL(chmod)(path, mode);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
    return name_step("chmod", dirfd, path, NAME_FAULTS) ? -1 : REAL(fchmodat)(dirfd, path, mode, flags);
}

static int fd_step(const char *op, int fd, unsigned allowed) {
    char path[4096];
    fd_path(fd, path, sizeof path);
    enum fault f = step(op, path, allowed);
    return f == F_NONE ? 0 : fail(f);
}

int fchmod(int fd, mode_t mode) {
    return fd_step("chmod", fd, NAME_FAULTS) ? -1 : REAL(fchmod)(fd, mode);
}

int ftruncate(int fd, off_t length) {
    return fd_step("truncate", fd, WRITE_FAULTS) ? -1 : REAL(ftruncate)(fd, length);
}

int ftruncate64(int fd, off64_t length) {
    return fd_step("truncate", fd, WRITE_FAULTS) ? -1 : REAL(ftruncate64)(fd, length);
}

int fsync(int fd) {
    return fd_step("fsync", fd, B(F_EIO)) ? -1 : REAL(fsync)(fd);
}

int fdatasync(int fd) {
    return fd_step("fsync", fd, B(F_EIO)) ? -1 : REAL(fdatasync)(fd);
}

/* The Foreign Function API finds libc's functions with dlsym on a handle: hand it the wrappers above instead. */
void *dlsym(void *handle, const char *name) {
    static const struct {
        const char *name;
        void *fn;
    } wrapped[] = {
        {"open", (void *) open}, {"open64", (void *) open64}, {"openat", (void *) openat},
        {"openat64", (void *) openat64}, {"creat", (void *) creat}, {"write", (void *) write},
        {"pwrite", (void *) pwrite}, {"pwrite64", (void *) pwrite64}, {"writev", (void *) writev},
        {"copy_file_range", (void *) copy_file_range}, {"sendfile", (void *) sendfile},
        {"sendfile64", (void *) sendfile64}, {"rename", (void *) rename}, {"renameat", (void *) renameat},
        {"renameat2", (void *) renameat2}, {"link", (void *) link}, {"linkat", (void *) linkat},
        {"symlink", (void *) symlink}, {"symlinkat", (void *) symlinkat}, {"unlink", (void *) unlink},
        {"unlinkat", (void *) unlinkat}, {"rmdir", (void *) rmdir}, {"mkdir", (void *) mkdir},
        {"mkdirat", (void *) mkdirat}, {"chmod", (void *) chmod}, {"fchmodat", (void *) fchmodat},
        {"fchmod", (void *) fchmod}, {"ftruncate", (void *) ftruncate}, {"ftruncate64", (void *) ftruncate64},
        {"fsync", (void *) fsync}, {"fdatasync", (void *) fdatasync},
    };
    if (handle != RTLD_NEXT) {
        for (size_t i = 0; i < sizeof wrapped / sizeof wrapped[0]; i++) {
            if (!strcmp(name, wrapped[i].name)) {
                return wrapped[i].fn;
            }
        }
    }
    return real_dlsym(handle, name);
}
