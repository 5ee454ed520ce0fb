build-asan/obj/src/cli/opts.o: src/cli/opts.c include/cli/opts.h \
  include/hp/util.h

include/cli/opts.h:

include/hp/util.h:
