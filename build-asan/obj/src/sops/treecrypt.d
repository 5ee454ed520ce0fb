build-asan/obj/src/sops/treecrypt.o: src/sops/treecrypt.c \
  include/hp/util.h include/sops/scalar.h include/hp/buf.h \
  include/sops/tree.h include/sops/sops.h include/age/age.h \
  include/hp/error.h include/sops/meta.h include/sops/treecrypt.h \
  include/sops/cipher.h

include/hp/util.h:

include/sops/scalar.h:

include/hp/buf.h:

include/sops/tree.h:

include/sops/sops.h:

include/age/age.h:

include/hp/error.h:

include/sops/meta.h:

include/sops/treecrypt.h:

include/sops/cipher.h:
