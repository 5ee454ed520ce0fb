build-asan/obj/src/sops/yaml_store.o: src/sops/yaml_store.c \
  include/hp/util.h include/sops/scalar.h include/hp/buf.h \
  include/sops/tree.h include/sops/sops.h include/age/age.h \
  include/hp/error.h include/sops/meta.h include/sops/yaml_store.h

include/hp/util.h:

include/sops/scalar.h:

include/hp/buf.h:

include/sops/tree.h:

include/sops/sops.h:

include/age/age.h:

include/hp/error.h:

include/sops/meta.h:

include/sops/yaml_store.h:
