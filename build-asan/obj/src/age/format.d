build-asan/obj/src/age/format.o: src/age/format.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/b64.h \
  include/age/format.h include/age/io.h include/age/hkdf.h \
  include/hp/util.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/b64.h:

include/age/format.h:

include/age/io.h:

include/age/hkdf.h:

include/hp/util.h:
