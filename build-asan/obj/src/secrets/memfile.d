build-asan/obj/src/secrets/memfile.o: src/secrets/memfile.c \
  include/hp/file.h include/hp/buf.h include/hp/error.h \
  include/secrets/memfile.h

include/hp/file.h:

include/hp/buf.h:

include/hp/error.h:

include/secrets/memfile.h:
