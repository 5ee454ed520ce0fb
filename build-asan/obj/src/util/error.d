build-asan/obj/src/util/error.o: src/util/error.c include/hp/error.h

include/hp/error.h:
