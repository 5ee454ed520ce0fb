build-asan/tests/test_sops: tests/unit/test_sops.c \
  /usr/include/cjson/cJSON.h include/hp/file.h include/hp/buf.h \
  include/hp/error.h include/sops/cipher.h include/sops/json_store.h \
  include/sops/tree.h include/sops/sops.h include/age/age.h \
  include/hp/util.h include/sops/meta.h include/sops/yaml_store.h

/usr/include/cjson/cJSON.h:

include/hp/file.h:

include/hp/buf.h:

include/hp/error.h:

include/sops/cipher.h:

include/sops/json_store.h:

include/sops/tree.h:

include/sops/sops.h:

include/age/age.h:

include/hp/util.h:

include/sops/meta.h:

include/sops/yaml_store.h:
