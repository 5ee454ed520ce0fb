build-asan/obj/src/cli/cmd_secrets_deploy.o: src/cli/cmd_secrets_deploy.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:
