/* webgpu_printf.c: device printf on the webgpu device. Kernels append
 * records to a heap buffer (layout in src/back/wgsl/wgsl_internal.h:
 * cursor word, then (format id << 8 | count) and (tag, low, high) per
 * argument); after a launch of a module that prints, the device reads the
 * buffer back, formats each record with the host's printf conversions (the
 * format strings travel in the module text as "// cuwa-string" lines),
 * writes it to stdout and empties the buffer. It formats nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "runtime/webgpu/webgpu_internal.h"

enum { WP_I32 = 1, WP_U32, WP_I64, WP_U64, WP_F32, WP_F64, WP_STRING, WP_PTR };

typedef struct Arg {
  uint32_t tag, lo, hi;
} Arg;

static long long arg_signed(Arg a) {
  if (a.tag == WP_I64 || a.tag == WP_U64) return (long long)((uint64_t)a.hi << 32 | a.lo);
  if (a.tag == WP_I32) return (int32_t)a.lo;
  if (a.tag == WP_F32 || a.tag == WP_F64) return 0;
  return a.lo;
}

static double arg_double(Arg a) {
  if (a.tag == WP_F32) {
    float f;
    memcpy(&f, &a.lo, sizeof f);
    return f;
  }
  if (a.tag == WP_F64) {
    uint64_t b = (uint64_t)a.hi << 32 | a.lo;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
  }
  return (double)arg_signed(a);
}

/* A %s argument: a string literal of the module or a device string. */
static char *arg_string(WgDevice *w, const WgModule *m, Arg a) {
  if (a.tag == WP_STRING) return strdup(a.lo < (uint32_t)m->string_count ? m->strings[a.lo] : "(null)");
  if (a.tag != WP_PTR || a.lo == 0 || a.lo >= w->heap_size) return strdup("(null)");
  size_t n = w->heap_size - a.lo < 4096 ? (size_t)(w->heap_size - a.lo) : 4096;
  char *s = calloc(1, n + 1);
  if (s && wg_read(w, a.lo, s, n) != cudaSuccess) s[0] = 0;
  return s;
}

/* Formats one conversion spec (without length modifiers) of argument a. */
static void format_one(WgDevice *w, const WgModule *m, FILE *out, const char *spec, char conv, Arg a) {
  char f[64];
  switch (conv) {
  case 'd': case 'i':
    snprintf(f, sizeof f, "%sll%c", spec, conv);
    fprintf(out, f, arg_signed(a));
    break;
  case 'u': case 'o': case 'x': case 'X': {
    unsigned long long v = (a.tag == WP_I64 || a.tag == WP_U64) ? (unsigned long long)arg_signed(a) : a.lo;
    snprintf(f, sizeof f, "%sll%c", spec, conv);
    fprintf(out, f, v);
    break;
  }
  case 'c':
    snprintf(f, sizeof f, "%sc", spec);
    fprintf(out, f, (int)a.lo);
    break;
  case 's': {
    char *s = arg_string(w, m, a);
    snprintf(f, sizeof f, "%ss", spec);
    fprintf(out, f, s ? s : "");
    free(s);
    break;
  }
  case 'p':
    snprintf(f, sizeof f, "%sp", spec);
    fprintf(out, f, (void *)(WG_HEAP_TAG | a.lo));
    break;
  default: /* f F e E g G a A */
    snprintf(f, sizeof f, "%s%c", spec, conv);
    fprintf(out, f, arg_double(a));
    break;
  }
}

static void format_record(WgDevice *w, const WgModule *m, FILE *out, const char *fmt, const Arg *args, int n) {
  int k = 0;
  for (const char *s = fmt; *s; s++) {
    if (*s != '%') {
      fputc(*s, out);
      continue;
    }
    if (s[1] == '%') {
      fputc('%', out);
      s++;
      continue;
    }
    char spec[48] = "%";
    size_t len = 1;
    const char *q = s + 1;
    while (*q && strchr("-+ #0123456789.", *q) && len + 1 < sizeof spec) spec[len++] = *q++;
    spec[len] = 0;
    while (*q && strchr("hlLqjzt", *q)) q++; /* lengths: the tag knows the size */
    if (!*q) break;
    if (*q != 'n' && k < n) format_one(w, m, out, spec, *q, args[k++]);
    s = q;
  }
}

/* After a launch of module m: prints and empties the printf buffer. */
cudaError_t wg_printf_flush(WgDevice *w, const WgModule *m) {
  uint32_t used = 0;
  cudaError_t e = wg_read(w, w->printf_off, &used, 4);
  if (e != cudaSuccess || used == 0) return e;
  uint32_t cap = WG_PRINTF_BYTES / 4 - 1;
  if (used > cap) used = cap;
  uint32_t *rec = malloc((size_t)used * 4);
  if (!rec) return cudaErrorMemoryAllocation;
  e = wg_read(w, w->printf_off + 4, rec, (size_t)used * 4);
  for (uint32_t at = 0; e == cudaSuccess && at < used;) {
    uint32_t id = rec[at] >> 8, n = rec[at] & 0xff;
    if (at + 1 + 3 * n > used) break; /* a record cut by a full buffer */
    Arg args[255];
    for (uint32_t k = 0; k < n; k++) args[k] = (Arg){rec[at + 1 + 3 * k], rec[at + 2 + 3 * k], rec[at + 3 + 3 * k]};
    if (id < (uint32_t)m->string_count) format_record(w, m, stdout, m->strings[id], args, (int)n);
    at += 1 + 3 * n;
  }
  free(rec);
  uint32_t zero = 0;
  w->api.wgpuQueueWriteBuffer(w->queue, w->heap, w->printf_off, &zero, 4);
  return e;
}

/* The buffer, allocated at the first launch of a module that prints. */
cudaError_t wg_printf_buffer(WgDevice *w) {
  if (w->printf_off) return cudaSuccess;
  uint32_t off;
  cudaError_t e = wg_heap_alloc(w, WG_PRINTF_BYTES, &off);
  if (e != cudaSuccess) return e;
  uint32_t zero = 0;
  w->api.wgpuQueueWriteBuffer(w->queue, w->heap, off, &zero, 4);
  w->printf_off = off;
  return cudaSuccess;
}
