build-asan/tests/test_secrets_helmignore: \
  tests/unit/test_secrets_helmignore.c include/secrets/helmignore.h \
  include/hp/error.h

include/secrets/helmignore.h:

include/hp/error.h:
