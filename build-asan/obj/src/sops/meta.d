build-asan/obj/src/sops/meta.o: src/sops/meta.c include/hp/util.h \
  include/sops/meta.h include/hp/error.h include/sops/tree.h \
  include/sops/sops.h include/age/age.h include/hp/buf.h

include/hp/util.h:

include/sops/meta.h:

include/hp/error.h:

include/sops/tree.h:

include/sops/sops.h:

include/age/age.h:

include/hp/buf.h:
