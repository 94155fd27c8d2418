/* strbuf.c: a growable, heap-backed string used for generated code. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(StrBuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t ncap = b->cap ? b->cap * 2 : 256;
  while (ncap < b->len + extra + 1) ncap *= 2;
  char *nd = realloc(b->data, ncap);
  if (!nd) ICE("out of memory growing a string to %zu bytes", ncap);
  b->data = nd;
  b->cap = ncap;
}

void strbuf_putn(StrBuf *b, const char *s, size_t n) {
  reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void strbuf_putc(StrBuf *b, char c) { strbuf_putn(b, &c, 1); }
void strbuf_puts(StrBuf *b, const char *s) { strbuf_putn(b, s, strlen(s)); }

void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void strbuf_printf(StrBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(b, fmt, ap);
  va_end(ap);
}

void strbuf_free(StrBuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *strbuf_take(StrBuf *b) {
  if (!b->data) reserve(b, 0), b->data[0] = 0;
  char *s = b->data;
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

char *arena_read_file(Arena *a, const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf b = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_putn(&b, buf, n);
  fclose(f);
  *len = b.len;
  char *s = arena_strndup(a, b.data ? b.data : "", b.len);
  strbuf_free(&b);
  return s;
}
