build-asan/obj/src/deploy/runner.o: src/deploy/runner.c \
  include/deploy/plan.h include/hp/error.h include/hp/util.h \
  include/secrets/memfile.h include/deploy/runner.h include/hp/buf.h \
  include/hp/file.h

include/deploy/plan.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/memfile.h:

include/deploy/runner.h:

include/hp/buf.h:

include/hp/file.h:
