build-asan/obj/src/age/stream.o: src/age/stream.c include/age/armor.h \
  include/age/io.h include/hp/buf.h include/hp/error.h \
  include/age/format.h include/age/payload.h include/age/stream.h \
  include/age/age.h include/hp/util.h

include/age/armor.h:

include/age/io.h:

include/hp/buf.h:

include/hp/error.h:

include/age/format.h:

include/age/payload.h:

include/age/stream.h:

include/age/age.h:

include/hp/util.h:
