build-asan/obj/src/age/payload.o: src/age/payload.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/hkdf.h \
  include/age/payload.h include/age/format.h include/age/io.h \
  include/hp/util.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/hkdf.h:

include/age/payload.h:

include/age/format.h:

include/age/io.h:

include/hp/util.h:
