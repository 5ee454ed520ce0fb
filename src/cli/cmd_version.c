#include <stdio.h>

#include <sodium.h>
#include <yaml.h>
#include <cJSON.h>
#include <archive.h>
#include <openssl/opensslv.h>

#include "cli/cmd.h"
#include "cli/opts.h"

int cmd_version(struct hp_ctx *ctx, int argc, char **argv)
{
    bool verbose = false;
    static const struct hp_cmdinfo ci = {"helm panda version", "[flags]", "Print the plugin version.", NULL, false};
    const struct hp_opt opts[] = {
        {HP_OPT_BOOL, 'v', "verbose", &verbose, NULL, "also print library versions"},
        {0},
    };
    int rc = hp_opts_command(&ci, opts, argc, argv, NULL, NULL);
    if (rc != HP_OPTS_GO_ON)
        return rc;
    printf("helm-panda %s\n", HP_VERSION);
    if (verbose || ctx->env.debug)
        printf("libsodium %s, libyaml %s, cJSON %s, %s, %s\n", sodium_version_string(), yaml_get_version_string(),
               cJSON_Version(), OPENSSL_VERSION_TEXT, archive_version_string());
    if (ctx->env.debug) {
        /* helm passes its global flags only through the environment: show what arrived */
        printf("namespace: %s\n", ctx->env.namespace_ ? ctx->env.namespace_ : "(default)");
        printf("kube-context: %s\n", ctx->env.kube_context ? ctx->env.kube_context : "(current)");
        printf("helm: %s\n", ctx->env.bin ? ctx->env.bin : "(not found)");
        printf("plugin dir: %s\n", ctx->env.plugin_dir ? ctx->env.plugin_dir : "(not run by helm)");
    }
    return HP_EXIT_OK;
}
