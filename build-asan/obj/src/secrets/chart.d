build-asan/obj/src/secrets/chart.o: src/secrets/chart.c include/hp/file.h \
  include/hp/buf.h include/hp/error.h include/hp/util.h \
  include/secrets/chart.h include/secrets/decrypt.h include/age/age.h \
  include/secrets/cric.h include/secrets/helmignore.h

include/hp/file.h:

include/hp/buf.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/chart.h:

include/secrets/decrypt.h:

include/age/age.h:

include/secrets/cric.h:

include/secrets/helmignore.h:
