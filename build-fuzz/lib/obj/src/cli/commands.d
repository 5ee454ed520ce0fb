build-fuzz/lib/obj/src/cli/commands.o: src/cli/commands.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h \
  include/hp/util.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/hp/util.h:
