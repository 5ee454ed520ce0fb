build-asan/obj/src/age/age.o: src/age/age.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/format.h \
  include/age/io.h include/age/scrypt.h include/age/ssh.h \
  include/age/stream.h include/age/x25519.h include/hp/util.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/format.h:

include/age/io.h:

include/age/scrypt.h:

include/age/ssh.h:

include/age/stream.h:

include/age/x25519.h:

include/hp/util.h:
