build-asan/obj/src/cli/cmd_env.o: src/cli/cmd_env.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h \
  include/cli/opts.h include/hp/util.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/cli/opts.h:

include/hp/util.h:
