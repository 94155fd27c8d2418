/* diag.c: the one diagnostic format, "path:line:col: error: msg" followed
 * by the source line and a caret (chibicc verror_at, cproc error()).
 * Text goes to the Diag's sink; nothing here touches files. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sink_stderr(void *ctx, const char *text) {
  (void)ctx;
  fputs(text, stderr);
}

void diag_init(Diag *d, Arena *a) {
  memset(d, 0, sizeof *d);
  d->arena = a;
  d->max_errors = 20;
  d->sink = sink_stderr;
}

uint32_t diag_add_file(Diag *d, const char *path, const char *contents,
                       size_t size) {
  SourceFile *f = ARENA_NEW(d->arena, SourceFile);
  f->path = path;
  f->contents = contents;
  f->size = size;
  vec_push(d->arena, &d->files, f);
  return (uint32_t)d->files.len - 1;
}

/* Appends the source line of loc and a caret under its column. */
static void put_source_line(StrBuf *b, const SourceFile *f, Loc loc) {
  if (!f->contents || loc.line == 0) return;
  const char *p = f->contents, *end = f->contents + f->size;
  for (uint32_t l = 1; l < loc.line && p < end; p++)
    if (*p == '\n') l++;
  if (p >= end && loc.line > 1) return;
  const char *e = p;
  while (e < end && *e != '\n') e++;
  strbuf_puts(b, "  ");
  /* a NUL would end the text the sink gets (and lose the caret line) */
  for (const char *q = p; q < e; q++) strbuf_putc(b, *q ? *q : ' ');
  strbuf_puts(b, "\n  ");
  for (uint32_t c = 1; c < loc.col && p + c - 1 < e; c++)
    strbuf_putc(b, p[c - 1] == '\t' ? '\t' : ' ');
  strbuf_puts(b, "^\n");
}

void diag_report(Diag *d, DiagLevel level, Loc loc, const char *fmt,
                 va_list ap) {
  static const char *names[] = {"error", "warning", "note"};
  if (level == DIAG_ERROR) {
    if (d->suppress) {
      d->suppressed_errors++;
      return;
    }
    if (++d->errors > d->max_errors) return;
  } else if (d->suppress || d->errors > d->max_errors) {
    return;
  } else if (level == DIAG_WARNING) {
    d->warnings++;
  }
  StrBuf b = {0};
  SourceFile *f = loc.file < (uint32_t)d->files.len ? d->files.data[loc.file] : NULL;
  if (f) strbuf_printf(&b, "%s:%u:%u: ", f->path, loc.line, loc.col);
  strbuf_printf(&b, "%s: ", names[level]);
  strbuf_vprintf(&b, fmt, ap);
  strbuf_putc(&b, '\n');
  if (f) put_source_line(&b, f, loc);
  if (level == DIAG_ERROR && d->errors == d->max_errors)
    strbuf_puts(&b, "fatal error: too many errors emitted, stopping now\n");
  d->sink(d->sink_ctx, b.data);
  strbuf_free(&b);
}

#define DEFINE_LEVEL(fn, level)                        \
  void fn(Diag *d, Loc loc, const char *fmt, ...) {    \
    va_list ap;                                        \
    va_start(ap, fmt);                                 \
    diag_report(d, level, loc, fmt, ap);               \
    va_end(ap);                                        \
  }
DEFINE_LEVEL(diag_error, DIAG_ERROR)
DEFINE_LEVEL(diag_warning, DIAG_WARNING)
DEFINE_LEVEL(diag_note, DIAG_NOTE)

void diag_unsupported(Diag *d, Loc loc, const char *what) {
  diag_error(d, loc, "%s is not supported yet", what);
}

void diag_unsupported_on(Diag *d, Loc loc, const char *target,
                         const char *what) {
  diag_error(d, loc, "%s is not supported on %s", what, target);
}

void ice_at(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("internal compiler error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, " (%s:%d)\n", file, line);
  va_end(ap);
  abort();
}
