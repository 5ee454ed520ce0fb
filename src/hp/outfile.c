/* Output files that leave no plaintext behind (see include/hp/outfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "hp/outfile.h"
#include "hp/util.h"

/* ---- the signal cleanup list: named temporaries to unlink on SIGTERM/SIGINT/SIGHUP ---- */

#define MAX_PENDING 8

static struct {
    volatile sig_atomic_t used;
    char path[PATH_MAX];
} pending[MAX_PENDING];

static const int cleanup_signals[] = {SIGTERM, SIGINT, SIGHUP};
#define NSIG_CLEANUP (sizeof cleanup_signals / sizeof cleanup_signals[0])
static struct sigaction previous[NSIG_CLEANUP];
static bool installed[NSIG_CLEANUP];
static int npending; /* changed only with the cleanup signals blocked */

/* Async-signal-safe only: unlink, sigaction, raise. The signal stays blocked while we run,
 * so raise() leaves it pending: it is delivered, to the handler we put back (the default
 * terminates: exit 128+sig), as soon as we return. */
static void on_signal(int sig)
{
    int saved = errno;
    for (size_t i = 0; i < MAX_PENDING; i++)
        if (__atomic_load_n(&pending[i].used, __ATOMIC_ACQUIRE))
            unlink(pending[i].path);
    for (size_t k = 0; k < NSIG_CLEANUP; k++)
        if (cleanup_signals[k] == sig && installed[k]) {
            sigaction(sig, &previous[k], NULL);
            installed[k] = false;
        }
    raise(sig);
    errno = saved;
}

static void block_cleanup_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t k = 0; k < NSIG_CLEANUP; k++)
        sigaddset(&set, cleanup_signals[k]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

/* A signal the process ignores (a background job's SIGINT, nohup's SIGHUP) cannot kill it:
 * those stay ignored. */
static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < NSIG_CLEANUP; k++) {
        struct sigaction cur;
        if (installed[k] || sigaction(cleanup_signals[k], NULL, &cur) != 0 || cur.sa_handler == SIG_IGN)
            continue;
        if (sigaction(cleanup_signals[k], &sa, &previous[k]) == 0)
            installed[k] = true;
    }
}

static void restore_handlers(void)
{
    for (size_t k = 0; k < NSIG_CLEANUP; k++)
        if (installed[k]) {
            sigaction(cleanup_signals[k], &previous[k], NULL);
            installed[k] = false;
        }
}

/* Called with the cleanup signals blocked, right after `path` came into existence. */
static int pending_add(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending[i].used) {
            memcpy(pending[i].path, path, strlen(path) + 1);
            __atomic_store_n(&pending[i].used, 1, __ATOMIC_RELEASE);
            if (npending++ == 0)
                install_handlers();
            return i;
        }
    return -1;
}

/* Called once the name is gone (renamed or unlinked): from then on a signal has nothing to do. */
static void pending_remove(int slot)
{
    if (slot < 0)
        return;
    sigset_t old;
    block_cleanup_signals(&old);
    __atomic_store_n(&pending[slot].used, 0, __ATOMIC_RELEASE);
    if (--npending == 0)
        restore_handlers();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* ---- temporaries ---- */

static char *dir_of(const char *path)
{
    char *copy = hp_xstrdup(path), *d = hp_xstrdup(dirname(copy));
    free(copy);
    return d;
}

static char *tmp_template(const char *path)
{
    char *d = hp_xstrdup(path), *b = hp_xstrdup(path);
    char *t = hp_xasprintf("%s/.%s.tmpXXXXXX", dirname(d), basename(b));
    free(d);
    free(b);
    return t;
}

/* An unnamed file in dir, or -1 when the file system (or the test switch) says no. The file
 * is named later through /proc/self/fd: without /proc that is impossible, so no O_TMPFILE. */
static int open_anonymous(const char *dir)
{
    const char *off = getenv("HELM_PANDA_NO_O_TMPFILE");
    if (off && *off && strcmp(off, "0") != 0)
        return -1;
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (access(proc, F_OK) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A named temporary beside path, on the cleanup list before any byte is written to it. */
static int open_named(struct hp_outfile *o)
{
    sigset_t old;
    o->tmp = tmp_template(o->path);
    block_cleanup_signals(&old);
    o->fd = mkostemp(o->tmp, O_CLOEXEC);
    int saved = errno;
    if (o->fd >= 0 && (o->slot = pending_add(o->tmp)) < 0) {
        unlink(o->tmp);
        close(o->fd);
        o->fd = -1;
        saved = ENAMETOOLONG; /* no room on the list: refuse rather than risk a leftover */
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (o->fd < 0) {
        free(o->tmp);
        o->tmp = NULL;
    }
    errno = saved;
    return o->fd;
}

int hp_outfile_open(struct hp_outfile *o, const char *path, mode_t mode, struct hp_error *e)
{
    memset(o, 0, sizeof *o);
    o->slot = -1;
    o->path = hp_xstrdup(path);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            hp_error_set(e, HP_ERR_WRITE, "%s: is a directory", path);
            goto fail;
        }
        o->direct = true;
        o->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (o->fd < 0) {
            hp_error_set(e, HP_ERR_WRITE, "%s: %s", path, strerror(errno));
            goto fail;
        }
        return 0;
    }
    char *dir = dir_of(path);
    o->fd = open_anonymous(dir);
    free(dir);
    o->anonymous = o->fd >= 0;
    if (!o->anonymous && open_named(o) < 0) {
        hp_error_set(e, HP_ERR_WRITE, "%s: cannot create a temporary file beside it: %s", path, strerror(errno));
        goto fail;
    }
    hp_debugf("%s: written %s until complete", path,
              o->anonymous ? "as an unnamed file (O_TMPFILE)" : "to a named temporary file");
    if (fchmod(o->fd, mode) != 0) {
        hp_error_set(e, HP_ERR_WRITE, "%s: %s", path, strerror(errno));
        hp_outfile_abort(o);
        return -1;
    }
    return 0;
fail:
    free(o->path);
    o->path = NULL;
    return -1;
}

/* The unnamed file gets a name of its own beside path (for a rename over path): a fresh
 * random one, on the cleanup list from the moment it exists. */
static int link_anonymous_as_tmp(struct hp_outfile *o, const char *proc)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        char *t = tmp_template(o->path);
        static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (char *x = t + strlen(t) - 6; *x; x++)
            *x = alnum[randombytes_uniform(sizeof alnum - 1)];
        sigset_t old;
        block_cleanup_signals(&old);
        int rc = linkat(AT_FDCWD, proc, AT_FDCWD, t, AT_SYMLINK_FOLLOW);
        int saved = errno;
        if (rc == 0 && (o->slot = pending_add(t)) < 0) {
            unlink(t);
            rc = -1;
            saved = ENAMETOOLONG;
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc == 0) {
            o->tmp = t;
            return 0;
        }
        free(t);
        if (saved != EEXIST) {
            errno = saved;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

/* Gives the finished file its name. Returns -1 with errno set. */
static int name_file(struct hp_outfile *o, bool no_overwrite)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
    if (o->anonymous && no_overwrite) /* EEXIST if anything is at path, even a dangling symlink */
        return linkat(AT_FDCWD, proc, AT_FDCWD, o->path, AT_SYMLINK_FOLLOW);
    if (o->anonymous && link_anonymous_as_tmp(o, proc) < 0)
        return -1;
    int rc = no_overwrite ? link(o->tmp, o->path) : rename(o->tmp, o->path);
    int saved = errno;
    if (rc != 0 || no_overwrite)
        unlink(o->tmp); /* after link: the temporary name; after a failure: everything */
    pending_remove(o->slot);
    o->slot = -1;
    free(o->tmp);
    o->tmp = NULL;
    errno = saved;
    return rc;
}

int hp_outfile_commit(struct hp_outfile *o, bool no_overwrite, struct hp_error *e)
{
    int rc = 0;
    if (!o->direct && (fsync(o->fd) != 0 || name_file(o, no_overwrite) != 0))
        rc = -1;
    int saved = errno;
    if (close(o->fd) != 0 && rc == 0 && o->direct) /* a FIFO's reader gone, a full device */
        rc = -1, saved = errno;
    o->fd = -1;
    if (rc != 0)
        hp_error_set(e, HP_ERR_WRITE, "%s: %s", o->path, strerror(saved));
    hp_outfile_abort(o); /* whatever is left: a temporary after a failure */
    errno = saved;
    return rc;
}

void hp_outfile_abort(struct hp_outfile *o)
{
    if (o->fd >= 0)
        close(o->fd);
    o->fd = -1;
    if (o->tmp) {
        unlink(o->tmp);
        pending_remove(o->slot);
        o->slot = -1;
        free(o->tmp);
        o->tmp = NULL;
    }
    free(o->path);
    o->path = NULL;
}
