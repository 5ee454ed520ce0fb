build-fuzz/lib/obj/src/cli/cmd_gitops.o: src/cli/cmd_gitops.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:
