build-asan/obj/src/age/b64.o: src/age/b64.c include/age/b64.h

include/age/b64.h:
