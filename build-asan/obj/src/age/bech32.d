build-asan/obj/src/age/bech32.o: src/age/bech32.c include/age/bech32.h

include/age/bech32.h:
