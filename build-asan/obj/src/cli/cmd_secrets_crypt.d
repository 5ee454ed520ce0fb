build-asan/obj/src/cli/cmd_secrets_crypt.o: src/cli/cmd_secrets_crypt.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:
