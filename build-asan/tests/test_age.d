build-asan/tests/test_age: tests/unit/test_age.c include/age/age.h \
  include/hp/buf.h include/hp/error.h include/age/armor.h \
  include/age/io.h include/age/bech32.h include/age/format.h \
  include/age/hkdf.h include/age/ssh.h include/age/stream.h \
  include/age/x25519.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/armor.h:

include/age/io.h:

include/age/bech32.h:

include/age/format.h:

include/age/hkdf.h:

include/age/ssh.h:

include/age/stream.h:

include/age/x25519.h:
