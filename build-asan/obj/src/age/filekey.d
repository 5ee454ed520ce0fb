build-asan/obj/src/age/filekey.o: src/age/filekey.c include/age/filekey.h \
  include/age/format.h include/age/io.h include/hp/buf.h \
  include/hp/error.h

include/age/filekey.h:

include/age/format.h:

include/age/io.h:

include/hp/buf.h:

include/hp/error.h:
