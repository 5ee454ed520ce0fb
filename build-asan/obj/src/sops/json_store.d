build-asan/obj/src/sops/json_store.o: src/sops/json_store.c \
  /usr/include/cjson/cJSON.h include/hp/util.h include/sops/json_store.h \
  include/hp/buf.h include/hp/error.h include/sops/tree.h \
  include/sops/sops.h include/age/age.h include/sops/meta.h

/usr/include/cjson/cJSON.h:

include/hp/util.h:

include/sops/json_store.h:

include/hp/buf.h:

include/hp/error.h:

include/sops/tree.h:

include/sops/sops.h:

include/age/age.h:

include/sops/meta.h:
