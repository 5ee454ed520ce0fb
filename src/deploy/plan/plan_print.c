/* The plan for people (--dry-run) and for programs (-o json). */
#include <cJSON.h>
#include <string.h>

#include "deploy/plan/plan.h"

/* Quotes an argument for a POSIX shell only when it needs it, so the line can be pasted. */
static void print_arg(FILE *out, const char *s)
{
    bool plain = *s != '\0';
    for (const char *p = s; *p && plain; p++)
        plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *p) != NULL;
    if (plain) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", out);
        else
            fputc(*p, out);
    }
    fputc('\'', out);
}

void deploy_plan_print(const struct deploy_plan *plan, FILE *out)
{
    fprintf(out, "# root: %s\n# affix: %s (from %s)\n", plan->root, plan->affix, plan->affix_source);
    if (plan->experiment)
        fprintf(out, "# experiment: %s\n", plan->experiment);
    for (size_t i = 0; i < plan->external.n; i++)
        fprintf(out, "# %s: disabled, provided elsewhere\n", plan->external.v[i]);
    for (size_t i = 0; i < plan->site_notes.n; i++)
        fprintf(out, "# %s\n", plan->site_notes.v[i]);
    /* uninstall runs the stages backwards: dependents first */
    bool reverse = plan->action == DEPLOY_UNINSTALL;
    for (int k = 0; k < plan->n_stages; k++) {
        int s = reverse ? plan->n_stages - 1 - k : k;
        fprintf(out, "# stage %d\n", k + 1);
        for (size_t m = 0; m < plan->n; m++) {
            size_t i = reverse ? plan->n - 1 - m : m;
            const struct deploy_release *r = &plan->releases[i];
            if (r->depth != s)
                continue;
            fprintf(out, "#   %s (%s)", r->name, r->component);
            if (reverse) {
                for (size_t d = 0, c = 0; d < plan->n; d++)
                    for (size_t j = 0; j < plan->releases[d].n_needs; j++)
                        if (plan->releases[d].needs[j] == i)
                            fprintf(out, "%s%s", c++ ? ", " : ", after ", plan->releases[d].name);
            } else {
                for (size_t j = 0; j < r->n_needs; j++)
                    fprintf(out, "%s%s", j ? ", " : ", needs ", plan->releases[r->needs[j]].name);
            }
            fputc('\n', out);
            if (r->chart_oci) {
                fprintf(out, "#   chart: %s%s%s (pulled from the registry%s)\n", r->chart,
                        r->chart_version ? " version " : "", r->chart_version ? r->chart_version : "",
                        r->plain_http ? ", plain HTTP" : "");
                if (r->package && r->package->has_tgz)
                    fprintf(out, "#   package: %s sha256:%s%s%s%s, passed to helm as /dev/fd/N\n", r->package->file,
                            r->package->sha256, r->package->manifest_digest ? " (manifest " : "",
                            r->package->manifest_digest ? r->package->manifest_digest : "",
                            r->package->manifest_digest ? ")" : "");
                for (size_t j = 0; j < r->values.n && j < r->values_from.n; j++)
                    fprintf(out, "#   values %s: from %s\n", r->values.v[j], r->values_from.v[j]);
            }
            for (size_t j = 0; j < r->sops_values.n; j++)
                fprintf(out, "#   %s: SOPS, decrypted in memory and passed to helm as /dev/fd/N\n", r->sops_values.v[j]);
            for (size_t j = 0; j < r->age_values.n; j++)
                fprintf(out, "#   %s: age, decrypted in memory and passed to helm as /dev/fd/N\n", r->age_values.v[j]);
            for (size_t j = 0; j < r->argv.n; j++) {
                if (j)
                    fputc(' ', out);
                print_arg(out, r->argv.v[j]);
            }
            fputc('\n', out);
        }
    }
    if (plan->last_name) {
        fprintf(out, "# last, once every release above is gone\n#   %s (%s)\n", plan->last_name, plan->last_label);
        for (size_t j = 0; j < plan->last_argv.n; j++) {
            if (j)
                fputc(' ', out);
            print_arg(out, plan->last_argv.v[j]);
        }
        fputc('\n', out);
    }
}

void deploy_plan_print_packages(const struct deploy_plan *plan, FILE *out)
{
    for (size_t i = 0; i < plan->n; i++) {
        const struct deploy_oci_package *p = plan->releases[i].package;
        bool seen = !p || !p->has_tgz;
        for (size_t k = 0; k < i && !seen; k++)
            seen = plan->releases[k].package == p;
        if (!seen)
            fprintf(out, "chart %s%s%s: %s sha256:%s%s%s%s\n", p->ref, p->version ? " version " : "",
                    p->version ? p->version : "", p->file, p->sha256, p->manifest_digest ? " (manifest " : "",
                    p->manifest_digest ? p->manifest_digest : "", p->manifest_digest ? ")" : "");
    }
}

void *deploy_release_package_json(const struct deploy_release *r)
{
    if (!r->package || !r->package->has_tgz)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", r->package->file);
    cJSON_AddStringToObject(o, "sha256", r->package->sha256);
    if (r->package->manifest_digest)
        cJSON_AddStringToObject(o, "manifestDigest", r->package->manifest_digest);
    else
        cJSON_AddNullToObject(o, "manifestDigest");
    return o;
}

static cJSON *strlist_json(const struct hp_strlist *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < l->n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
    return a;
}

void *deploy_plan_to_json(const struct deploy_plan *plan)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "root", plan->root);
    cJSON_AddStringToObject(o, "affix", plan->affix);
    cJSON_AddStringToObject(o, "affixSource", plan->affix_source);
    if (plan->experiment)
        cJSON_AddStringToObject(o, "experiment", plan->experiment);
    else
        cJSON_AddNullToObject(o, "experiment");
    cJSON_AddNumberToObject(o, "stages", plan->n_stages);
    cJSON_AddItemToObject(o, "external", strlist_json(&plan->external));
    cJSON_AddItemToObject(o, "siteNotes", strlist_json(&plan->site_notes));
    cJSON *rs = cJSON_AddArrayToObject(o, "releases");
    for (size_t i = 0; i < plan->n; i++) {
        const struct deploy_release *r = &plan->releases[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "name", r->name);
        cJSON_AddStringToObject(j, "component", r->component);
        cJSON_AddStringToObject(j, "chart", r->chart);
        if (r->chart_oci) {
            if (r->chart_version)
                cJSON_AddStringToObject(j, "chartVersion", r->chart_version);
            cJSON_AddItemToObject(j, "valuesFrom", strlist_json(&r->values_from));
            cJSON *pkg = deploy_release_package_json(r);
            if (pkg)
                cJSON_AddItemToObject(j, "package", pkg);
        }
        cJSON_AddItemToObject(j, "values", strlist_json(&r->values));
        cJSON_AddItemToObject(j, "sopsValues", strlist_json(&r->sops_values));
        cJSON_AddItemToObject(j, "ageValues", strlist_json(&r->age_values));
        cJSON_AddItemToObject(j, "set", strlist_json(&r->sets));
        cJSON *needs = cJSON_AddArrayToObject(j, "needs");
        for (size_t k = 0; k < r->n_needs; k++)
            cJSON_AddItemToArray(needs, cJSON_CreateString(plan->releases[r->needs[k]].name));
        cJSON_AddNumberToObject(j, "stage", r->depth + 1);
        cJSON_AddItemToObject(j, "argv", strlist_json(&r->argv));
        cJSON_AddItemToArray(rs, j);
    }
    if (plan->last_name) {
        cJSON *l = cJSON_AddObjectToObject(o, "last");
        cJSON_AddStringToObject(l, "name", plan->last_name);
        cJSON_AddStringToObject(l, "component", plan->last_label);
        cJSON_AddItemToObject(l, "argv", strlist_json(&plan->last_argv));
    }
    return o;
}
