build-fuzz/lib/obj/src/util/file.o: src/util/file.c include/hp/file.h \
  include/hp/buf.h include/hp/error.h include/hp/util.h

include/hp/file.h:

include/hp/buf.h:

include/hp/error.h:

include/hp/util.h:
