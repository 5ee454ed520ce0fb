build-asan/obj/src/cli/main.o: src/cli/main.c include/cli/commands.h \
  include/helm/env.h include/hp/error.h include/hp/util.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/hp/util.h:
