build-fuzz/lib/obj/src/util/msg.o: src/util/msg.c include/hp/util.h

include/hp/util.h:
