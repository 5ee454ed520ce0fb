/* UTF-8 decoding (see include/hp/utf8.h). */
#include "hp/utf8.h"

uint32_t hp_utf8_decode(const char *s, size_t len, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    *n = 1;
    if (len == 0)
        return HP_RUNE_ERROR;
    if (u[0] < 0x80)
        return u[0];
    size_t need;
    uint32_t r, min;
    if ((u[0] & 0xE0) == 0xC0) {
        need = 2, r = u[0] & 0x1F, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        need = 3, r = u[0] & 0x0F, min = 0x800;
    } else if ((u[0] & 0xF8) == 0xF0) {
        need = 4, r = u[0] & 0x07, min = 0x10000;
    } else {
        return HP_RUNE_ERROR;
    }
    if (len < need)
        return HP_RUNE_ERROR;
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return HP_RUNE_ERROR;
        r = (r << 6) | (u[i] & 0x3F);
    }
    if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        return HP_RUNE_ERROR;
    *n = need;
    return r;
}

bool hp_utf8_valid(const char *s, size_t len)
{
    while (len) {
        size_t n;
        if (hp_utf8_decode(s, len, &n) == HP_RUNE_ERROR && n == 1)
            return false;
        s += n;
        len -= n;
    }
    return true;
}
