build-asan/obj/src/deploy/helmver.o: src/deploy/helmver.c \
  include/deploy/helmver.h include/hp/error.h include/deploy/plan.h \
  include/hp/util.h include/secrets/memfile.h include/deploy/runner.h \
  include/hp/buf.h

include/deploy/helmver.h:

include/hp/error.h:

include/deploy/plan.h:

include/hp/util.h:

include/secrets/memfile.h:

include/deploy/runner.h:

include/hp/buf.h:
