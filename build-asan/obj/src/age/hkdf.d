build-asan/obj/src/age/hkdf.o: src/age/hkdf.c include/age/hkdf.h

include/age/hkdf.h:
