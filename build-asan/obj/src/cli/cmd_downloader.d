build-asan/obj/src/cli/cmd_downloader.o: src/cli/cmd_downloader.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h \
  include/hp/file.h include/hp/buf.h include/hp/util.h \
  include/secrets/decrypt.h include/age/age.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/hp/file.h:

include/hp/buf.h:

include/hp/util.h:

include/secrets/decrypt.h:

include/age/age.h:
