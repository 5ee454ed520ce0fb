build-asan/tests/test_secrets_chart: tests/unit/test_secrets_chart.c \
  include/hp/file.h include/hp/buf.h include/hp/error.h \
  include/secrets/chart.h include/secrets/decrypt.h include/age/age.h \
  include/hp/util.h

include/hp/file.h:

include/hp/buf.h:

include/hp/error.h:

include/secrets/chart.h:

include/secrets/decrypt.h:

include/age/age.h:

include/hp/util.h:
