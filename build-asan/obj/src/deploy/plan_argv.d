build-asan/obj/src/deploy/plan_argv.o: src/deploy/plan_argv.c \
  include/deploy/plan.h include/hp/error.h include/hp/util.h \
  include/secrets/memfile.h

include/deploy/plan.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/memfile.h:
