build-asan/obj/src/deploy/values.o: src/deploy/values.c \
  include/deploy/values.h include/deploy/plan.h include/hp/error.h \
  include/hp/util.h include/secrets/memfile.h include/hp/buf.h \
  include/hp/file.h

include/deploy/values.h:

include/deploy/plan.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/memfile.h:

include/hp/buf.h:

include/hp/file.h:
