/* The command tables and the dispatcher. Adding a command: one row here, one cmd_*.c file. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/docs.h"
#include "hp/util.h"

const struct hp_cmd hp_commands[] = {
    {"install", cmd_install, "install or upgrade the whole PanDA system, in dependency order", false},
    {"upgrade", cmd_upgrade, "same as install (helm upgrade --install for every release)", false},
    {"template", cmd_template, "render every release locally, as install would deploy it", false},
    {"uninstall", cmd_uninstall, "uninstall the releases, dependents first", false},
    {"diff", cmd_diff, "show what install would change, release by release (helm-diff)", false},
    {"apply", cmd_apply, "diff, then upgrade only the new and changed releases", false},
    {"history", cmd_history, "list the snapshots: the good states of the whole deployment", false},
    {"rollback", cmd_rollback, "roll every release back to a snapshot, dependents first", false},
    {"status", cmd_status, "show the state of every release in one table", false},
    {"secrets", cmd_secrets, "encrypt, decrypt and deploy secrets (SOPS and age)", false},
    {"gitops", cmd_gitops, "write the deployment as Argo CD Applications", false},
    {"version", cmd_version, "print the plugin version", false},
    {"env", cmd_env, "print the helm environment the plugin received", false},
    {"__complete", cmd_complete, "shell completion (used by plugin.complete)", true},
    {"downloader", cmd_downloader, "helm downloader for sops:// URLs", true},
    {NULL, NULL, NULL, false},
};

const struct hp_cmd hp_secrets_commands[] = {
    {"keygen", cmd_secrets_keygen, "generate a new age identity (X25519)", false},
    {"encrypt", cmd_secrets_encrypt, "encrypt a file with SOPS or age", false},
    {"decrypt", cmd_secrets_decrypt, "decrypt a SOPS or age file", false},
    {"edit", cmd_secrets_edit, "edit a SOPS file in $EDITOR, re-encrypting on save", false},
    {"view", cmd_secrets_view, "print a SOPS file's plaintext, or one value", false},
    {"rotate", cmd_secrets_rotate, "re-encrypt a SOPS file with a new data key", false},
    {"updatekeys", cmd_secrets_updatekeys, "set a SOPS file's recipients from .sops.yaml", false},
    {"install", cmd_secrets_install, "deploy the secrets chart (helm upgrade --install)", false},
    {"upgrade", cmd_secrets_upgrade, "refresh the secrets chart (helm upgrade --install)", false},
    {"template", cmd_secrets_template, "render the secrets chart with secrets decrypted in memory", false},
    {"diff", cmd_secrets_diff, "show what a secrets upgrade would change (helm diff)", false},
    {NULL, NULL, NULL, false},
};

void hp_print_command_help(FILE *out, const char *path, const char *summary, const struct hp_cmd *table)
{
    fprintf(out, "%s\n\nUsage:\n  %s <command> [flags]\n\nCommands:\n", summary, path);
    for (const struct hp_cmd *c = table; c->name; c++)
        if (!c->hidden)
            fprintf(out, "  %-12s %s\n", c->name, c->summary);
    fprintf(out, "\nRun '%s <command> --help' for a command's flags.\n\nDocs: %s\n", path, hp_docs_page(path));
}

int hp_dispatch(struct hp_ctx *ctx, const char *path, const char *summary, const struct hp_cmd *table,
                int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0 ||
        strcmp(argv[0], "help") == 0) {
        hp_print_command_help(stdout, path, summary, table);
        return HP_EXIT_OK;
    }
    for (const struct hp_cmd *c = table; c->name; c++)
        if (strcmp(c->name, argv[0]) == 0)
            return c->run(ctx, argc, argv);
    if (argv[0][0] == '-')
        fprintf(stderr, "%s: error: %s: unknown flag: %s\n", HP_PROG, path, argv[0]);
    else
        fprintf(stderr, "%s: error: %s: unknown command \"%s\"\n", HP_PROG, path, argv[0]);
    fprintf(stderr, "Run '%s --help' for usage.\n", path);
    return HP_EXIT_USAGE;
}

int cmd_secrets(struct hp_ctx *ctx, int argc, char **argv)
{
    return hp_dispatch(ctx, "helm panda secrets", "Encrypt, decrypt and deploy PanDA secrets (SOPS files with age keys).",
                       hp_secrets_commands, argc - 1, argv + 1);
}
