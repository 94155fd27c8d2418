/* arena.c: bump allocation in chunks, freed all at once (QBE pool style),
 * plus the arena-backed vector growth helper. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
  ArenaChunk *next;
  size_t size;  /* usable bytes in mem */
  _Alignas(16) unsigned char mem[];
};

enum { CHUNK_MIN = 64 * 1024 };

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

void arena_free(Arena *a) {
  for (ArenaChunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  memset(a, 0, sizeof *a);
}

void *arena_alloc(Arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (!a->head || a->used + size > a->head->size) {
    size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
    ArenaChunk *c = malloc(sizeof(ArenaChunk) + want);
    if (!c) ICE("out of memory allocating %zu bytes", want);
    c->size = want;
    c->next = a->head;
    a->head = c;
    a->used = 0;
  }
  void *p = a->head->mem + a->used;
  a->used += size;
  a->total += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *arena_strdup(Arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void vec_grow_(Arena *a, void **data, int *cap, size_t elem, int need) {
  int ncap = *cap ? *cap * 2 : 8;
  while (ncap < need) ncap *= 2;
  void *nd = arena_alloc(a, elem * (size_t)ncap);
  if (*data) memcpy(nd, *data, elem * (size_t)*cap);
  *data = nd;
  *cap = ncap;
}
