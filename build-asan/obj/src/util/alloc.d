build-asan/obj/src/util/alloc.o: src/util/alloc.c include/hp/util.h

include/hp/util.h:
