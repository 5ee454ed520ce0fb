build-asan/obj/src/deploy/root.o: src/deploy/root.c include/deploy/plan.h \
  include/hp/error.h include/hp/util.h include/secrets/memfile.h \
  include/deploy/root.h include/hp/file.h include/hp/buf.h

include/deploy/plan.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/memfile.h:

include/deploy/root.h:

include/hp/file.h:

include/hp/buf.h:
