build-asan/obj/src/sops/cipher.o: src/sops/cipher.c include/hp/util.h \
  include/sops/cipher.h include/hp/buf.h include/hp/error.h \
  include/sops/sops.h include/age/age.h include/sops/meta.h \
  include/sops/tree.h

include/hp/util.h:

include/sops/cipher.h:

include/hp/buf.h:

include/hp/error.h:

include/sops/sops.h:

include/age/age.h:

include/sops/meta.h:

include/sops/tree.h:
