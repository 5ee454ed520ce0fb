/* Short cluster queries beside a run (see include/deploy/run/probe.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "deploy/run/probe.h"
#include "deploy/run/spawnattr.h"
#include "hp/interrupt.h"
#include "hp/util.h"

extern char **environ;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int spawn(char *const *argv, int out_fd, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    runner_spawnattr_init(&at);
    int rc = posix_spawnp(pid, argv[0], &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    return rc;
}

/* Reads until end of file; false when given up (deadline, signal, cancel, too long). */
static bool read_all(int fd, struct hp_buf *out, size_t cap, double deadline, const atomic_bool *cancel)
{
    char tmp[16384];
    for (;;) {
        if ((cancel && atomic_load(cancel)) || hp_interrupt_signal() || mono() > deadline)
            return false;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int k = poll(&p, 1, 200);
        if (k < 0 && errno != EINTR)
            return false;
        if (k <= 0)
            continue;
        ssize_t r = read(fd, tmp, sizeof tmp);
        if (r == 0)
            return true;
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return false;
        }
        if (out->len + (size_t)r > cap)
            return false;
        hp_buf_append(out, tmp, (size_t)r);
    }
}

int probe_capture(char *const *argv, struct hp_buf *out, size_t cap, double timeout, const atomic_bool *cancel)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid_t pid;
    int rc = spawn(argv, p[1], &pid);
    close(p[1]);
    if (rc != 0) {
        close(p[0]);
        return -1;
    }
    bool whole = read_all(p[0], out, cap, mono() + timeout, cancel);
    close(p[0]);
    if (!whole)
        kill(-pid, SIGKILL);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (!whole)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

char *probe_find(const char *name)
{
    const char *path = getenv("PATH");
    if (!path)
        return NULL;
    for (const char *s = path; *s;) {
        const char *e = strchr(s, ':');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n && s[0] == '/') { /* never the current directory, as for helm */
            char *f = hp_xasprintf("%.*s/%s", (int)n, s, name);
            if (access(f, X_OK) == 0)
                return f;
            free(f);
        }
        s += n + (e ? 1 : 0);
    }
    return NULL;
}
