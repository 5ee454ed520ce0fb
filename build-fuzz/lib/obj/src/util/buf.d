build-fuzz/lib/obj/src/util/buf.o: src/util/buf.c include/hp/buf.h \
  include/hp/util.h

include/hp/buf.h:

include/hp/util.h:
