build-asan/obj/src/sops/sops.o: src/sops/sops.c include/hp/util.h \
  include/sops/json_store.h include/hp/buf.h include/hp/error.h \
  include/sops/tree.h include/sops/sops.h include/age/age.h \
  include/sops/meta.h include/sops/treecrypt.h include/sops/cipher.h \
  include/sops/yaml_store.h

include/hp/util.h:

include/sops/json_store.h:

include/hp/buf.h:

include/hp/error.h:

include/sops/tree.h:

include/sops/sops.h:

include/age/age.h:

include/sops/meta.h:

include/sops/treecrypt.h:

include/sops/cipher.h:

include/sops/yaml_store.h:
