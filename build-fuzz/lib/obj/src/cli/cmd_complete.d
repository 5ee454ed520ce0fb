build-fuzz/lib/obj/src/cli/cmd_complete.o: src/cli/cmd_complete.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:
