build-asan/obj/src/deploy/report.o: src/deploy/report.c \
  /usr/include/cjson/cJSON.h include/deploy/report.h \
  include/deploy/runner.h include/hp/buf.h include/hp/error.h \
  include/hp/util.h

/usr/include/cjson/cJSON.h:

include/deploy/report.h:

include/deploy/runner.h:

include/hp/buf.h:

include/hp/error.h:

include/hp/util.h:
