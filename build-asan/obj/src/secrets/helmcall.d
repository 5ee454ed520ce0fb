build-asan/obj/src/secrets/helmcall.o: src/secrets/helmcall.c \
  include/secrets/helmcall.h include/hp/error.h include/hp/util.h

include/secrets/helmcall.h:

include/hp/error.h:

include/hp/util.h:
