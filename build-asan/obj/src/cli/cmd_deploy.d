build-asan/obj/src/cli/cmd_deploy.o: src/cli/cmd_deploy.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:
