/* Identity discovery, in sops' order: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD,
 * SOPS_AGE_SSH_PRIVATE_KEY_FILE, then the user config keys.txt; plus --identity files. Key
 * text is only ever held in guarded memory. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hp/buf.h"
#include "hp/file.h"
#include "hp/interrupt.h"
#include "keys/keys.h"

/* Group/other may not read a secret key: warn (as ssh does), but still use it. */
static void warn_if_exposed(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
        hp_warnf("%s: identity file is readable by group or others (mode %03o): run chmod 600 %s", path,
                 (unsigned)(st.st_mode & 0777), path);
}

static int add_file(struct age_identities *ids, const char *path, struct hp_error *e)
{
    struct hp_secbuf text = {0};
    int rc = hp_file_read_secret(path, &text, e);
    if (rc == 0) {
        if (strcmp(path, "-") != 0)
            warn_if_exposed(path);
        rc = age_identities_add_text(ids, text.data ? (const char *)text.data : "", text.len, path, e);
    }
    hp_secbuf_free(&text);
    return rc;
}

/* The key command after a signal: SIGTERM, then SIGKILL if it is still there 5 s later (one that
 * ignores SIGTERM must not hold the run). Its own children may outlive it: they are not waited for
 * (our end of the pipe is closed, so what they still write fails). */
static void stop_key_cmd(pid_t pid)
{
    kill(pid, SIGTERM);
    for (int i = 0; i < 100; i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid)
            return;
        struct timespec t = {0, 50 * 1000 * 1000};
        nanosleep(&t, NULL);
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Runs cmd with /bin/sh and collects its stdout (the keys) in guarded memory. In a command that
 * runs helm (hp_interrupt_catch), a SIGINT, SIGTERM or SIGHUP stops it: a cancelled CI job or a
 * Ctrl-C must not wait for a key command that prompts, waits for a hardware key's touch or for a
 * slow vault (the handlers restart read(), so the wait polls the interrupt self-pipe too). */
static int run_key_cmd(const char *cmd, struct hp_secbuf *out, struct hp_error *e)
{
    if (hp_interrupt_signal())
        return hp_error_set(e, AGE_ERR_IO, "SOPS_AGE_KEY_CMD: not run: interrupted by %s", hp_interrupt_name(0));
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return hp_error_set(e, AGE_ERR_IO, "SOPS_AGE_KEY_CMD: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return hp_error_set(e, AGE_ERR_IO, "SOPS_AGE_KEY_CMD: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(p[1], STDOUT_FILENO);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    int rc = 0, ifd = hp_interrupt_fd();
    bool stopped = false;
    for (;;) {
        struct pollfd pf[2] = {{.fd = p[0], .events = POLLIN}, {.fd = ifd, .events = POLLIN}};
        /* a bounded wait too: another thread's poll may drain the self-pipe first */
        int n = poll(pf, ifd >= 0 ? 2 : 1, ifd >= 0 ? 100 : -1);
        if (n < 0 && errno != EINTR) {
            rc = hp_error_set(e, AGE_ERR_IO, "SOPS_AGE_KEY_CMD: %s", strerror(errno));
            break;
        }
        if (ifd >= 0 && n > 0 && pf[1].revents)
            hp_interrupt_drain(); /* a wake-up (SIGCHLD too); the runner counts signals, not bytes */
        if (hp_interrupt_signal()) {
            rc = hp_error_set(e, AGE_ERR_IO, "SOPS_AGE_KEY_CMD: stopped by %s", hp_interrupt_name(0));
            stopped = true;
            break;
        }
        if (n <= 0 || !pf[0].revents)
            continue;
        hp_secbuf_reserve(out, 4096);
        ssize_t r = read(p[0], out->data + out->len, out->cap - out->len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r < 0)
                rc = hp_error_set(e, AGE_ERR_IO, "SOPS_AGE_KEY_CMD: reading its output: %s", strerror(errno));
            break;
        }
        out->len += (size_t)r;
    }
    close(p[0]);
    if (stopped) {
        stop_key_cmd(pid);
        return rc;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (rc == 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
        rc = hp_error_set(e, AGE_ERR_KEY, "SOPS_AGE_KEY_CMD: command failed (%s %d): %s",
                          WIFEXITED(st) ? "exit status" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
                          cmd);
    return rc;
}

static int add_env_text(struct age_identities *ids, const char *var, struct hp_error *e)
{
    const char *v = getenv(var);
    if (!v || !*v)
        return 0;
    return age_identities_add_text(ids, v, strlen(v), var, e);
}

static int add_env_file(struct age_identities *ids, const char *var, struct hp_error *e)
{
    const char *v = getenv(var);
    if (!v || !*v)
        return 0;
    if (add_file(ids, v, e) < 0) {
        hp_error_prefix(e, "%s", var);
        return -1;
    }
    return 0;
}

int keys_load_identities(struct age_identities *ids, const struct hp_strlist *files, struct hp_error *e)
{
    for (size_t i = 0; files && i < files->n; i++)
        if (add_file(ids, files->v[i], e) < 0)
            return -1;
    if (add_env_text(ids, "SOPS_AGE_KEY", e) < 0 || add_env_file(ids, "SOPS_AGE_KEY_FILE", e) < 0)
        return -1;
    const char *cmd = getenv("SOPS_AGE_KEY_CMD");
    if (cmd && *cmd) {
        struct hp_secbuf out = {0};
        int rc = run_key_cmd(cmd, &out, e);
        if (rc == 0)
            rc = age_identities_add_text(ids, out.data ? (const char *)out.data : "", out.len, "SOPS_AGE_KEY_CMD", e);
        hp_secbuf_free(&out);
        if (rc < 0)
            return -1;
    }
    if (add_env_file(ids, "SOPS_AGE_SSH_PRIVATE_KEY_FILE", e) < 0)
        return -1;
    /* sops uses the user config dir: $XDG_CONFIG_HOME, else ~/.config (on Linux). */
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char *path = NULL;
    if (xdg && *xdg)
        path = hp_path_join(xdg, "sops/age/keys.txt");
    else if (home && *home)
        path = hp_xasprintf("%s/.config/sops/age/keys.txt", home);
    int rc = 0;
    if (path && hp_path_exists(path))
        rc = add_file(ids, path, e);
    free(path);
    return rc;
}
