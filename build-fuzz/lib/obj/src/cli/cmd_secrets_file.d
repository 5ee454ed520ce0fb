build-fuzz/lib/obj/src/cli/cmd_secrets_file.o: src/cli/cmd_secrets_file.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:
