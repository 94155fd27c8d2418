/* util.h: the compiler's small toolbox: arenas, growable vectors, strings,
 * a string-keyed hash map, source locations and diagnostics.
 * Pure C11, no global mutable state, no I/O except through Diag's sink.
 * Everything allocated here lives in an Arena and is freed with it. */
#ifndef CUWA_UTIL_H
#define CUWA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- arena ------------------------------------------------------------ */

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
  ArenaChunk *head;  /* newest chunk; older ones follow via ->next */
  size_t used;       /* bytes used in head */
  size_t total;      /* bytes handed out, for statistics */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);                 /* releases every chunk */
void *arena_alloc(Arena *a, size_t size);  /* zeroed, 16-byte aligned */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
/* The whole file, NUL-terminated, in the arena; NULL if it cannot be read. */
char *arena_read_file(Arena *a, const char *path, size_t *len);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);
#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

/* ---- vectors (arena-backed, amortized doubling) ------------------------ */
/* Vec(T) is a struct { T *data; int len, cap; }. vec_push copies a value. */
#define Vec(T) struct { T *data; int len, cap; }
void vec_grow_(Arena *a, void **data, int *cap, size_t elem, int need);
#define vec_push(a, v, x)                                                    \
  do {                                                                       \
    if ((v)->len == (v)->cap)                                                \
      vec_grow_((a), (void **)&(v)->data, &(v)->cap, sizeof(*(v)->data),     \
                (v)->len + 1);                                               \
    (v)->data[(v)->len++] = (x);                                             \
  } while (0)

/* ---- string builder ----------------------------------------------------- */
/* Heap-backed (not arena) so that big outputs (generated C, WGSL) don't
 * bloat an arena with copies; the owner calls strbuf_free. */
typedef struct StrBuf {
  char *data;  /* always NUL-terminated once anything was appended */
  size_t len, cap;
} StrBuf;

void strbuf_putc(StrBuf *b, char c);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_putn(StrBuf *b, const char *s, size_t n);
void strbuf_printf(StrBuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap);
void strbuf_free(StrBuf *b);
char *strbuf_take(StrBuf *b);  /* hands the malloc'd string to the caller */

/* ---- hash map: string -> void* ------------------------------------------ */
typedef struct MapEntry {
  const char *key;  /* NULL = empty; key memory is owned by the caller */
  size_t keylen;
  void *val;
} MapEntry;
typedef struct Map {
  MapEntry *slots;  /* open addressing, power-of-two capacity */
  int cap, used, tombs;
  Arena *arena;     /* where the slot arrays come from */
} Map;

void map_init(Map *m, Arena *a);
void *map_get(const Map *m, const char *key);
void *map_getn(const Map *m, const char *key, size_t len);
void map_put(Map *m, const char *key, void *val);
void map_putn(Map *m, const char *key, size_t len, void *val);
void map_del(Map *m, const char *key);
uint64_t hash_fnv1a(const void *data, size_t len, uint64_t seed);

/* ---- source locations ---------------------------------------------------- */
/* Loc is stored in every token, AST node and IR instruction. file indexes
 * the SourceFiles table of the compilation; line and col are 1-based,
 * col counts bytes; 0 means unknown. */
typedef struct Loc {
  uint32_t file, line, col;
} Loc;

typedef struct SourceFile {
  const char *path;      /* as the user would recognise it */
  const char *contents;  /* NUL-terminated; used to print the source line */
  size_t size;
} SourceFile;

/* ---- diagnostics --------------------------------------------------------- */
typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

typedef struct Diag {
  Arena *arena;
  Vec(SourceFile *) files;  /* Loc.file indexes this */
  int errors, warnings;
  int max_errors;           /* stop counting (and printing) after this; 20 */
  bool suppress;            /* tentative parsing: count but print nothing */
  int suppressed_errors;    /* errors seen while suppress was set */
  /* Output sink: the driver prints to stderr; the fuzzers and the browser
   * build collect text. */
  void (*sink)(void *ctx, const char *text);
  void *sink_ctx;
} Diag;

void diag_init(Diag *d, Arena *a);
uint32_t diag_add_file(Diag *d, const char *path, const char *contents,
                       size_t size);
void diag_error(Diag *d, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(Diag *d, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(Diag *d, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_report(Diag *d, DiagLevel level, Loc loc, const char *fmt,
                 va_list ap);
/* "error: <what> is not supported yet" */
void diag_unsupported(Diag *d, Loc loc, const char *what);
/* "error: <what> is not supported on <target>" */
void diag_unsupported_on(Diag *d, Loc loc, const char *target,
                         const char *what);

/* Internal compiler error: prints "internal compiler error: msg (file:line)"
 * and aborts. For conditions that can't happen, never for user input. */
_Noreturn void ice_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define ICE(...) ice_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
