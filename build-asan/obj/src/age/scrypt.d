build-asan/obj/src/age/scrypt.o: src/age/scrypt.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/b64.h \
  include/age/filekey.h include/age/format.h include/age/io.h \
  include/age/scrypt.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/b64.h:

include/age/filekey.h:

include/age/format.h:

include/age/io.h:

include/age/scrypt.h:
