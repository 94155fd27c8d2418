/* map.c: string-keyed open-addressing hash map (FNV-1a, linear probing).
 * Keys are not copied: they must outlive the map (they live in the arena). */
#include "util.h"

#include <string.h>

#define TOMBSTONE ((const char *)1)

uint64_t hash_fnv1a(const void *data, size_t len, uint64_t seed) {
  const unsigned char *p = data;
  uint64_t h = 0xcbf29ce484222325ull ^ seed;
  for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

void map_init(Map *m, Arena *a) {
  memset(m, 0, sizeof *m);
  m->arena = a;
}

static bool key_eq(const MapEntry *e, const char *key, size_t len) {
  return e->key && e->key != TOMBSTONE && e->keylen == len &&
         memcmp(e->key, key, len) == 0;
}

static MapEntry *find(const Map *m, const char *key, size_t len) {
  if (!m->slots) return NULL;
  uint64_t h = hash_fnv1a(key, len, 0);
  for (int i = 0; i < m->cap; i++) {
    MapEntry *e = &m->slots[(h + (uint64_t)i) & (uint64_t)(m->cap - 1)];
    if (key_eq(e, key, len)) return e;
    if (!e->key) return NULL;
  }
  return NULL;
}

static void rehash(Map *m) {
  int ncap = m->cap ? m->cap * 2 : 16;
  while ((m->used - m->tombs) * 2 >= ncap) ncap *= 2;
  Map n = {ARENA_ARRAY(m->arena, MapEntry, ncap), ncap, 0, 0, m->arena};
  for (int i = 0; i < m->cap; i++) {
    MapEntry *e = &m->slots[i];
    if (e->key && e->key != TOMBSTONE) map_putn(&n, e->key, e->keylen, e->val);
  }
  *m = n;
}

void *map_getn(const Map *m, const char *key, size_t len) {
  MapEntry *e = find(m, key, len);
  return e ? e->val : NULL;
}

void *map_get(const Map *m, const char *key) {
  return map_getn(m, key, strlen(key));
}

void map_putn(Map *m, const char *key, size_t len, void *val) {
  MapEntry *e = find(m, key, len);
  if (e) {
    e->val = val;
    return;
  }
  if ((m->used + 1) * 10 >= m->cap * 7) rehash(m);
  uint64_t h = hash_fnv1a(key, len, 0);
  for (int i = 0;; i++) {
    e = &m->slots[(h + (uint64_t)i) & (uint64_t)(m->cap - 1)];
    if (!e->key || e->key == TOMBSTONE) break;
  }
  if (e->key == TOMBSTONE) m->tombs--;
  else m->used++;
  e->key = key;
  e->keylen = len;
  e->val = val;
}

void map_put(Map *m, const char *key, void *val) {
  map_putn(m, key, strlen(key), val);
}

void map_del(Map *m, const char *key) {
  MapEntry *e = find(m, key, strlen(key));
  if (!e) return;
  e->key = TOMBSTONE;
  e->val = NULL;
  m->tombs++;
}
