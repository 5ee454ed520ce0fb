build-asan/obj/src/secrets/helmignore.o: src/secrets/helmignore.c \
  include/hp/util.h include/secrets/helmignore.h include/hp/error.h

include/hp/util.h:

include/secrets/helmignore.h:

include/hp/error.h:
