/* The page of the documentation for each command, named at the end of its --help. */
#ifndef HP_CLI_DOCS_H
#define HP_CLI_DOCS_H

/* path: "helm panda secrets encrypt", "helm panda", ... Returns the page relative to the
 * repository (the plugin's source), e.g. "docs/secrets.md"; never NULL. */
const char *hp_docs_page(const char *path);

#endif
