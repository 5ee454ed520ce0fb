/* The file formats of SOPS documents, one store each (sops/store.h). Its own header, with no
 * functions, for the same reason as sops/errors.h. */
#ifndef SOPS_FORMAT_H
#define SOPS_FORMAT_H

enum sops_format { SOPS_FMT_AUTO = 0, SOPS_FMT_YAML, SOPS_FMT_JSON, SOPS_FMT_BINARY, SOPS_FMT_DOTENV, SOPS_FMT_INI };

#endif
