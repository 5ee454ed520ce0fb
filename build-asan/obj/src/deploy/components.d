build-asan/obj/src/deploy/components.o: src/deploy/components.c \
  include/deploy/components.h include/hp/error.h include/hp/util.h \
  include/deploy/plan.h include/secrets/memfile.h \
  include/deploy/yamldoc.h include/hp/file.h include/hp/buf.h

include/deploy/components.h:

include/hp/error.h:

include/hp/util.h:

include/deploy/plan.h:

include/secrets/memfile.h:

include/deploy/yamldoc.h:

include/hp/file.h:

include/hp/buf.h:
