build-asan/obj/src/sops/scalar.o: src/sops/scalar.c include/sops/scalar.h \
  include/hp/buf.h include/sops/tree.h

include/sops/scalar.h:

include/hp/buf.h:

include/sops/tree.h:
