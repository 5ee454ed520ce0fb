build-asan/obj/src/sops/tree.o: src/sops/tree.c include/hp/util.h \
  include/sops/tree.h

include/hp/util.h:

include/sops/tree.h:
