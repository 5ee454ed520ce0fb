build-asan/obj/src/sops/datakey.o: src/sops/datakey.c include/hp/util.h \
  include/sops/sops.h include/age/age.h include/hp/buf.h \
  include/hp/error.h include/sops/meta.h include/sops/tree.h

include/hp/util.h:

include/sops/sops.h:

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/sops/meta.h:

include/sops/tree.h:
