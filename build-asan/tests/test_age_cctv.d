build-asan/tests/test_age_cctv: tests/unit/test_age_cctv.c \
  include/age/age.h include/hp/buf.h include/hp/error.h \
  include/age/stream.h include/age/io.h include/hp/file.h

include/age/age.h:

include/hp/buf.h:

include/hp/error.h:

include/age/stream.h:

include/age/io.h:

include/hp/file.h:
