build-asan/obj/src/deploy/plan.o: src/deploy/plan.c \
  include/deploy/components.h include/hp/error.h include/hp/util.h \
  include/deploy/plan.h include/secrets/memfile.h include/deploy/root.h \
  include/deploy/values.h include/hp/buf.h include/deploy/yamldoc.h \
  include/hp/file.h

include/deploy/components.h:

include/hp/error.h:

include/hp/util.h:

include/deploy/plan.h:

include/secrets/memfile.h:

include/deploy/root.h:

include/deploy/values.h:

include/hp/buf.h:

include/deploy/yamldoc.h:

include/hp/file.h:
