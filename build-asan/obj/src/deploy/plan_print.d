build-asan/obj/src/deploy/plan_print.o: src/deploy/plan_print.c \
  /usr/include/cjson/cJSON.h include/deploy/plan.h include/hp/error.h \
  include/hp/util.h include/secrets/memfile.h

/usr/include/cjson/cJSON.h:

include/deploy/plan.h:

include/hp/error.h:

include/hp/util.h:

include/secrets/memfile.h:
