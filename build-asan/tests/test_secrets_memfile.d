build-asan/tests/test_secrets_memfile: tests/unit/test_secrets_memfile.c \
  include/hp/buf.h include/hp/file.h include/hp/error.h \
  include/secrets/memfile.h

include/hp/buf.h:

include/hp/file.h:

include/hp/error.h:

include/secrets/memfile.h:
