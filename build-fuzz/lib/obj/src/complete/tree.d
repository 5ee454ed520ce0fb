build-fuzz/lib/obj/src/complete/tree.o: src/complete/tree.c \
  include/complete/tree.h include/hp/util.h include/hp/file.h \
  include/hp/buf.h include/hp/error.h

include/complete/tree.h:

include/hp/util.h:

include/hp/file.h:

include/hp/buf.h:

include/hp/error.h:
