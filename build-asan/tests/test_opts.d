build-asan/tests/test_opts: tests/unit/test_opts.c include/cli/opts.h \
  include/hp/util.h

include/cli/opts.h:

include/hp/util.h:
