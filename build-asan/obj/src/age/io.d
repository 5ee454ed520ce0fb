build-asan/obj/src/age/io.o: src/age/io.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/io.h include/hp/util.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/io.h:

include/hp/util.h:
