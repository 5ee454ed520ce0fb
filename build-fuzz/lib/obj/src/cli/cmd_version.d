build-fuzz/lib/obj/src/cli/cmd_version.o: src/cli/cmd_version.c \
  /usr/include/cjson/cJSON.h include/cli/commands.h include/helm/env.h \
  include/hp/error.h include/cli/opts.h include/hp/util.h

/usr/include/cjson/cJSON.h:

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/cli/opts.h:

include/hp/util.h:
