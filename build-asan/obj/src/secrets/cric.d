build-asan/obj/src/secrets/cric.o: src/secrets/cric.c \
  /usr/include/cjson/cJSON.h include/hp/buf.h include/hp/util.h \
  include/secrets/cric.h include/hp/error.h

/usr/include/cjson/cJSON.h:

include/hp/buf.h:

include/hp/util.h:

include/secrets/cric.h:

include/hp/error.h:
