build-asan/obj/src/keys/keys.o: src/keys/keys.c include/hp/buf.h \
  include/hp/file.h include/hp/error.h include/keys/keys.h \
  include/age/age.h include/hp/util.h

include/hp/buf.h:

include/hp/file.h:

include/hp/error.h:

include/keys/keys.h:

include/age/age.h:

include/hp/util.h:
