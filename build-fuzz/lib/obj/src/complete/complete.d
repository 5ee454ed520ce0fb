build-fuzz/lib/obj/src/complete/complete.o: src/complete/complete.c \
  include/complete/complete.h include/hp/util.h include/complete/tree.h

include/complete/complete.h:

include/hp/util.h:

include/complete/tree.h:
