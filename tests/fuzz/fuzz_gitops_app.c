/* The Application writer on arbitrary strings (names, paths, --set values come from the user
 * and the deployment tree): it either refuses with an error, or writes YAML that libyaml's
 * parser reads back to exactly the same strings, quoted whenever YAML would retype them.
 * Input: fields separated by '\n': name, path, namespace, release, values file, --set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "gitops/app.h"
#include "gitops/params.h"

#define NFIELDS 6

static void check_round_trip(const struct hp_buf *out, const struct hp_strlist *want)
{
    yaml_parser_t p;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&p))
        abort();
    yaml_parser_set_input_string(&p, out->data, out->len);
    size_t i = 0;
    for (;;) {
        if (!yaml_parser_parse(&p, &ev))
            abort(); /* we wrote something libyaml cannot read */
        if (ev.type == YAML_SCALAR_EVENT) {
            const char *v = (const char *)ev.data.scalar.value;
            if (i >= want->n || ev.data.scalar.length != strlen(want->v[i]) || strcmp(v, want->v[i]) != 0)
                abort(); /* a string changed on the way */
            if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && gitops_scalar_needs_quotes(v) &&
                strcmp(v, "true") != 0)
                abort(); /* retypable and unquoted (only the syncPolicy booleans may be) */
            i++;
        }
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (end)
            break;
    }
    if (i != want->n)
        abort();
    yaml_parser_delete(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size))
        return 0; /* C strings */
    char *copy = hp_xstrndup((const char *)data, size);
    char *f[NFIELDS] = {0};
    char *s = copy;
    for (int i = 0; i < NFIELDS; i++) {
        f[i] = s;
        char *nl = s ? strchr(s, '\n') : NULL;
        if (nl)
            *nl = '\0';
        s = nl ? nl + 1 : (i + 1 < NFIELDS ? (char *)"" : NULL);
    }
    struct hp_strlist vf = {0}, ps = {0}, want = {0};
    struct hp_error e = {0};
    hp_strlist_push(&vf, f[4]);
    if (gitops_split_set(f[5], &ps, &e) == 0) {
        struct gitops_settings st = {"https://example.org/r.git", "main", "default", "argocd",
                                     "https://kubernetes.default.svc", true};
        struct gitops_app app = {f[0], f[1], f[2], f[3], &vf, &ps, 2};
        struct hp_buf out = {0};
        if (gitops_app_write(&app, &st, &out, &e) == 0) {
            const char *head[] = {"apiVersion", "argoproj.io/v1alpha1", "kind", "Application", "metadata", "name",
                                  f[0], "namespace", "argocd", "annotations", "argocd.argoproj.io/sync-wave", "2",
                                  "spec", "project", "default", "source", "repoURL", st.repo_url, "targetRevision",
                                  "main", "path", f[1], "helm", "releaseName", f[3], "valueFiles", f[4],
                                  "parameters"};
            for (size_t i = 0; i < sizeof head / sizeof *head; i++)
                hp_strlist_push(&want, head[i]);
            for (size_t i = 0; i < ps.n; i++) {
                char *eq = strchr(ps.v[i], '=');
                hp_strlist_push(&want, "name");
                hp_strlist_push_own(&want, hp_xstrndup(ps.v[i], (size_t)(eq - ps.v[i])));
                hp_strlist_push(&want, "value");
                hp_strlist_push(&want, eq + 1);
            }
            const char *tail[] = {"destination", "server", st.server, "namespace", f[2], "syncPolicy", "automated",
                                  "prune", "true", "selfHeal", "true"};
            for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
                hp_strlist_push(&want, tail[i]);
            check_round_trip(&out, &want);
        }
        hp_buf_free(&out);
    }
    hp_strlist_free(&vf);
    hp_strlist_free(&ps);
    hp_strlist_free(&want);
    free(copy);
    return 0;
}
