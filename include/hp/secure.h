/* Process-wide protection of the plaintext we hold (decrypted values, identities, data keys).
 * Guarded memory (hp_secbuf, the SOPS tree arena, age identities) covers the secrets we keep;
 * this covers the ways a copy could leave the process anyway. */
#ifndef HP_SECURE_H
#define HP_SECURE_H

/* Called once by main(), before any command runs and before any thread starts: nearly every
 * command decrypts something (install, status, uninstall and gitops read the affix from
 * secrets/values.yaml), and a new command cannot forget a call made here.
 *  - no core dumps: RLIMIT_CORE 0 (inherited by helm and $EDITOR, which also receive
 *    plaintext) and PR_SET_DUMPABLE 0 (no dump whatever the limit, no ptrace attach by
 *    other processes of the same user, /proc/PID/mem and environ closed to them);
 *  - cJSON frees wipe: every cJSON allocation is wiped before it is freed (the CRIC check
 *    parses decrypted JSON into a cJSON tree; the SOPS JSON store parses plaintext JSON).
 * With debug output on (HELM_DEBUG) it reads the settings back from the kernel and prints
 * them: tests/integration/t_secrets_safety.sh checks that line. */
void hp_secure_process(void);

/* The wiping free installed for cJSON, exposed for the unit test. */
void hp_wiping_free(void *p);

#endif
