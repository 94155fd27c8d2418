/* alloc_table.c: the runtime's table of live allocations, sorted by base
 * address, so cudaFree can reject pointers it did not hand out and
 * cudaMemcpyDefault / cudaPointerGetAttributes can tell device memory from
 * host memory. Binary search; it owns only the table, not the memory. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

/* Index of the first allocation whose base is greater than p. */
static size_t upper_bound(const AllocTable *t, uintptr_t p) {
  size_t lo = 0, hi = t->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((uintptr_t)t->items[mid].base <= p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

int alloc_table_insert(AllocTable *t, Allocation a) {
  if (t->count == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    Allocation *items = realloc(t->items, cap * sizeof *items);
    if (!items)
      return -1;
    t->items = items;
    t->cap = cap;
  }
  size_t at = upper_bound(t, (uintptr_t)a.base);
  memmove(&t->items[at + 1], &t->items[at],
          (t->count - at) * sizeof *t->items);
  t->items[at] = a;
  t->count++;
  return 0;
}

Allocation *alloc_table_find(AllocTable *t, const void *p) {
  size_t at = upper_bound(t, (uintptr_t)p);
  if (at == 0)
    return NULL;
  Allocation *a = &t->items[at - 1];
  if ((uintptr_t)p - (uintptr_t)a->base < a->size)
    return a;
  return NULL;
}

void alloc_table_remove(AllocTable *t, Allocation *a) {
  size_t at = (size_t)(a - t->items);
  memmove(&t->items[at], &t->items[at + 1],
          (t->count - at - 1) * sizeof *t->items);
  t->count--;
}

void alloc_table_free(AllocTable *t) {
  free(t->items);
  t->items = NULL;
  t->count = t->cap = 0;
}
