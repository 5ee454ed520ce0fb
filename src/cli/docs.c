/* Which docs/ page documents which command (see include/cli/docs.h). The first entry whose
 * path is a prefix of the command's wins, so longer paths come first. */
#include <string.h>

#include "cli/docs.h"

static const struct {
    const char *path, *page;
} pages[] = {
    {"helm panda secrets install", "docs/secrets.md#deploying-the-secrets-chart"},
    {"helm panda secrets upgrade", "docs/secrets.md#deploying-the-secrets-chart"},
    {"helm panda secrets template", "docs/secrets.md#deploying-the-secrets-chart"},
    {"helm panda secrets diff", "docs/secrets.md#deploying-the-secrets-chart"},
    {"helm panda secrets keygen", "docs/secrets.md#age"},
    {"helm panda secrets encrypt", "docs/secrets.md#sops-files"},
    {"helm panda secrets decrypt", "docs/secrets.md#sops-files"},
    {"helm panda secrets edit", "docs/secrets.md#sops-files"},
    {"helm panda secrets view", "docs/secrets.md#sops-files"},
    {"helm panda secrets rotate", "docs/secrets.md#sops-files"},
    {"helm panda secrets updatekeys", "docs/secrets.md#sops-files"},
    {"helm panda secrets", "docs/secrets.md"},
    {"helm panda diff", "docs/diff-apply.md"},
    {"helm panda apply", "docs/diff-apply.md"},
    {"helm panda gitops adopt", "docs/gitops-adopt.md"},
    {"helm panda gitops", "docs/gitops.md"},
    {"helm panda history", "docs/rollback.md"},
    {"helm panda rollback", "docs/rollback.md"},
    {"helm panda version", "docs/plugin.md"},
    {"helm panda env", "docs/plugin.md"},
    {"helm panda install", "docs/deploy.md"},
    {"helm panda upgrade", "docs/deploy.md"},
    {"helm panda template", "docs/deploy.md"},
    {"helm panda uninstall", "docs/deploy.md"},
    {"helm panda status", "docs/deploy.md"},
};

const char *hp_docs_page(const char *path)
{
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        size_t n = strlen(pages[i].path);
        if (strncmp(path, pages[i].path, n) == 0 && (path[n] == '\0' || path[n] == ' '))
            return pages[i].page;
    }
    return "README.md";
}
