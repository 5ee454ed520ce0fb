build-asan/obj/src/cli/cmd_secrets_deploy.o: src/cli/cmd_secrets_deploy.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h \
  include/cli/opts.h include/hp/util.h include/hp/file.h \
  include/hp/buf.h include/secrets/chart.h include/secrets/decrypt.h \
  include/age/age.h include/secrets/cric.h include/secrets/helmcall.h \
  include/secrets/memfile.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/cli/opts.h:

include/hp/util.h:

include/hp/file.h:

include/hp/buf.h:

include/secrets/chart.h:

include/secrets/decrypt.h:

include/age/age.h:

include/secrets/cric.h:

include/secrets/helmcall.h:

include/secrets/memfile.h:
