build-asan/obj/src/deploy/status.o: src/deploy/status.c \
  /usr/include/cjson/cJSON.h include/deploy/plan.h include/hp/error.h \
  include/hp/util.h include/secrets/memfile.h include/deploy/report.h \
  include/deploy/runner.h include/hp/buf.h include/deploy/status.h

/usr/include/cjson/cJSON.h:

include/deploy/plan.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/memfile.h:

include/deploy/report.h:

include/deploy/runner.h:

include/hp/buf.h:

include/deploy/status.h:
