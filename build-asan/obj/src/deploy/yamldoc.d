build-asan/obj/src/deploy/yamldoc.o: src/deploy/yamldoc.c \
  include/deploy/plan.h include/hp/error.h include/hp/util.h \
  include/secrets/memfile.h include/deploy/yamldoc.h

include/deploy/plan.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/memfile.h:

include/deploy/yamldoc.h:
