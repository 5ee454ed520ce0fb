build-asan/obj/src/util/strlist.o: src/util/strlist.c include/hp/util.h

include/hp/util.h:
