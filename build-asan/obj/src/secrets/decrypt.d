build-asan/obj/src/secrets/decrypt.o: src/secrets/decrypt.c \
  include/hp/file.h include/hp/buf.h include/hp/error.h \
  include/keys/keys.h include/age/age.h include/hp/util.h \
  include/secrets/decrypt.h include/sops/sops.h include/sops/meta.h \
  include/sops/tree.h

include/hp/file.h:

include/hp/buf.h:

include/hp/error.h:

include/keys/keys.h:

include/age/age.h:

include/hp/util.h:

include/secrets/decrypt.h:

include/sops/sops.h:

include/sops/meta.h:

include/sops/tree.h:
