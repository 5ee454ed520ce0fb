build-fuzz/lib/obj/src/cli/cmd_downloader.o: src/cli/cmd_downloader.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:
