build-asan/obj/src/age/ssh.o: src/age/ssh.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/b64.h \
  include/age/filekey.h include/age/format.h include/age/io.h \
  include/age/hkdf.h include/age/ssh.h include/age/x25519.h \
  include/hp/util.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/b64.h:

include/age/filekey.h:

include/age/format.h:

include/age/io.h:

include/age/hkdf.h:

include/age/ssh.h:

include/age/x25519.h:

include/hp/util.h:
