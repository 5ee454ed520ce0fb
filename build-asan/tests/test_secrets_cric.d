build-asan/tests/test_secrets_cric: tests/unit/test_secrets_cric.c \
  include/secrets/cric.h include/hp/error.h

include/secrets/cric.h:

include/hp/error.h:
