/* The plaintext copy of `secrets edit` (see include/secrets/editfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hp/file.h"
#include "hp/util.h"
#include "secrets/editfile.h"
#include "secrets/memfile.h"

/* The private plaintext copy, known to the signal handler so it can wipe it on SIGTERM/SIGHUP. */
static char edit_dir[4096], edit_file[4096];

/* Overwrites and removes the plaintext copy. Async-signal-safe (open, fstat, write, unlink). */
static void wipe_edit_file(void)
{
    if (!edit_file[0])
        return;
    int fd = open(edit_file, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        struct stat st;
        static const char zeros[4096];
        if (fstat(fd, &st) == 0)
            for (off_t left = st.st_size; left > 0;) {
                ssize_t w = write(fd, zeros, left > (off_t)sizeof zeros ? sizeof zeros : (size_t)left);
                if (w <= 0)
                    break;
                left -= w;
            }
        fsync(fd);
        close(fd);
    }
    unlink(edit_file);
    rmdir(edit_dir);
    edit_file[0] = 0;
}

static void on_fatal_signal(int sig)
{
    wipe_edit_file();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A 0700 folder on a tmpfs when there is one, else in $TMPDIR or /tmp. */
static int make_private_copy(const char *path, const unsigned char *data, size_t len, struct hp_error *e)
{
    const char *bases[] = {memfile_tmpfs_dir(), getenv("TMPDIR"), "/tmp"};
    for (size_t i = 0; i < 3; i++) {
        if (!bases[i] || !hp_path_is_dir(bases[i]) || access(bases[i], W_OK) != 0)
            continue;
        snprintf(edit_dir, sizeof edit_dir, "%s/helm-panda-edit.XXXXXX", bases[i]);
        if (mkdtemp(edit_dir))
            break;
        edit_dir[0] = 0;
    }
    if (!edit_dir[0]) {
        return hp_error_set(e, HP_ERR_WRITE, "%s: cannot create a private temporary folder: %s", path,
                            strerror(errno));
    }
    char *b = hp_xstrdup(path);
    snprintf(edit_file, sizeof edit_file, "%s/%s", edit_dir, basename(b));
    free(b);
    int fd = open(edit_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || hp_fd_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        hp_error_set(e, HP_ERR_WRITE, "%s: %s", edit_file, strerror(errno));
        if (fd >= 0)
            close(fd);
        wipe_edit_file();
        return -1;
    }
    close(fd);
    return 0;
}

/* Runs $EDITOR (may hold arguments) on the copy; Ctrl-C goes to the editor, not to us. */
static int run_editor(struct hp_error *e)
{
    const char *ed = getenv("EDITOR");
    if (!ed || !*ed)
        ed = getenv("VISUAL");
    if (!ed || !*ed)
        ed = "vi";
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        /* as git does: the shell reads EDITOR, so it may carry quoted arguments */
        char *cmd = hp_xasprintf("%s \"$@\"", ed);
        execl("/bin/sh", "sh", "-c", cmd, ed, edit_file, (char *)NULL);
        _exit(127);
    }
    int status = 0, rc = -1;
    if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            rc = 0;
        else if (WIFEXITED(status))
            hp_error_set(e, HP_ERR_GENERIC, "editor \"%s\" exited with status %d; nothing was saved", ed,
                         WEXITSTATUS(status));
        else
            hp_error_set(e, HP_ERR_GENERIC, "editor \"%s\" was killed by signal %d; nothing was saved", ed,
                         WTERMSIG(status));
    } else {
        hp_error_set(e, HP_ERR_GENERIC, "cannot start the editor: %s", strerror(errno));
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    return rc;
}

int secrets_editfile_edit(const char *path, const unsigned char *data, size_t len, struct hp_secbuf *after,
                          struct hp_error *e)
{
    struct sigaction sa = {.sa_handler = on_fatal_signal}, old_term, old_hup;
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    int rc = make_private_copy(path, data ? data : (const unsigned char *)"", len, e);
    if (rc == 0)
        rc = run_editor(e);
    if (rc == 0)
        rc = hp_file_read_secret(edit_file, after, e);
    wipe_edit_file();
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    return rc;
}
