build-asan/obj/src/cli/cmd_secrets_crypt.o: src/cli/cmd_secrets_crypt.c \
  include/age/age.h include/hp/buf.h include/hp/error.h \
  include/age/armor.h include/age/io.h include/age/stream.h \
  include/age/x25519.h include/age/format.h include/cli/commands.h \
  include/helm/env.h include/cli/opts.h include/hp/util.h \
  include/hp/file.h include/keys/keys.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/armor.h:

include/age/io.h:

include/age/stream.h:

include/age/x25519.h:

include/age/format.h:

include/cli/commands.h:

include/helm/env.h:

include/cli/opts.h:

include/hp/util.h:

include/hp/file.h:

include/keys/keys.h:
