/* The hidden `downloader` command behind plugin.yaml's `downloaders:` entry: helm runs
 * `<plugin dir>/bin/helm-panda downloader certFile keyFile caFile sops://PATH` for a values
 * file given as `-f sops://PATH` and reads the file from our stdout (into its memory). PATH is
 * relative to the current directory (`sops:///abs/path` for an absolute one); a SOPS or age
 * file is decrypted in guarded memory, a plain file is passed through. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "hp/file.h"
#include "hp/util.h"
#include "secrets/decrypt.h"

#define SOPS_SCHEME "sops://"

int cmd_downloader(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("Usage: helm panda downloader CERT_FILE KEY_FILE CA_FILE sops://PATH\n\n"
               "Run by helm for `-f sops://PATH`: prints PATH decrypted (SOPS or age) on stdout.\n");
        return HP_EXIT_OK;
    }
    /* helm appends exactly these four arguments */
    if (argc != 5) {
        hp_errorf("helm panda downloader: expected CERT_FILE KEY_FILE CA_FILE URL (as helm passes them), got %d "
                  "argument(s)",
                  argc - 1);
        return HP_EXIT_USAGE;
    }
    const char *url = argv[4];
    if (!hp_str_has_prefix(url, SOPS_SCHEME) || !url[strlen(SOPS_SCHEME)]) {
        hp_errorf("%s: not a sops:// URL (expected sops://PATH)", url);
        return HP_EXIT_USAGE;
    }
    const char *path = url + strlen(SOPS_SCHEME);
    struct secrets_keyring kr = {0};
    struct hp_secbuf plain = {0};
    struct hp_error e = {0};
    enum secrets_input_kind kind;
    int rc = HP_EXIT_OK;
    if (secrets_read_plaintext(&kr, path, &plain, &kind, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    } else if (hp_fd_write_all(STDOUT_FILENO, plain.data ? plain.data : (const unsigned char *)"", plain.len) < 0) {
        hp_errorf("%s: writing to helm: %s", path, strerror(errno));
        rc = HP_EXIT_FAIL;
    }
    hp_secbuf_free(&plain);
    secrets_keyring_free(&kr);
    return rc;
}
