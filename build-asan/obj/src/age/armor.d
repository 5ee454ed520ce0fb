build-asan/obj/src/age/armor.o: src/age/armor.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/armor.h \
  include/age/io.h include/age/b64.h include/hp/util.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/armor.h:

include/age/io.h:

include/age/b64.h:

include/hp/util.h:
