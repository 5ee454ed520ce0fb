/* UTF-8 as Go reads it: helm, sops and Argo CD are Go programs, so what they count as a
 * character or as valid text is what we must count too. */
#ifndef HP_UTF8_H
#define HP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HP_RUNE_ERROR 0xFFFD

/* The character at s, as Go's utf8.DecodeRune: *n is its length in bytes. Invalid input
 * (a stray byte, an overlong form, a surrogate, past U+10FFFF, cut short) gives
 * (HP_RUNE_ERROR, 1); a real U+FFFD gives (HP_RUNE_ERROR, 3). */
uint32_t hp_utf8_decode(const char *s, size_t len, size_t *n);
/* Whether all of s is valid UTF-8 (Go's utf8.Valid). */
bool hp_utf8_valid(const char *s, size_t len);

#endif
