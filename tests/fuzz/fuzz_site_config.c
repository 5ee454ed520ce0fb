/* Site profiles of helm-panda.yaml (deploy/config/site.h): whatever the bytes, no crash, no leak, and
 * either success or one error line; a parsed site resolves its Argo CD settings per component. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "deploy/config/site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct deploy_sites s;
    struct hp_error e = {0};
    if (deploy_sites_parse(&s, "fuzz", data, size, &e) < 0) {
        if (!e.msg[0] || strchr(e.msg, '\n'))
            __builtin_trap();
    } else {
        for (size_t i = 0; i < s.n; i++) {
            const struct deploy_site *t = deploy_sites_find(&s, s.v[i].name);
            for (size_t j = 0; j < t->n_components; j++) {
                struct deploy_site_argocd_view v;
                deploy_site_argocd_resolve(t, t->components[j].component, &v);
                deploy_kvlist_free(&v.annotations);
                deploy_kvlist_free(&v.labels);
            }
        }
    }
    deploy_sites_free(&s);
    return 0;
}
