build-asan/obj/src/helm/env.o: src/helm/env.c include/helm/env.h \
  include/hp/error.h include/hp/util.h

include/helm/env.h:

include/hp/error.h:

include/hp/util.h:
