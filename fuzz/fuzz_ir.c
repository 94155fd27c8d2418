/* fuzz_ir.c: libFuzzer target for lowering and the back ends. The bytes are
 * a .cu file ("input.cu", with cuwa's device headers read from
 * include/cuwa/device, so run it from the repository root); whatever parses
 * is lowered (which ends in ir_verify), then each back end (c, then every
 * optional target on a fresh lowering, as the driver does) runs can_emit,
 * ir_verify again, and emit. User errors are fine; an internal compiler
 * error (ICE abort or an "internal compiler error" diagnostic) is a crash.
 *   scripts/fuzz builds it (clang -fsanitize=fuzzer,address,undefined). */
#include "back/back.h"
#include "front/parse.h"
#include "front/preprocess.h"
#include "ir/lower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Input {
  const uint8_t *data;
  size_t size;
} Input;

/* input.cu from the fuzzer; headers from disk. */
static char *read_input(void *ctx, Arena *a, const char *path, size_t *len) {
  const Input *in = ctx;
  if (strcmp(path, "input.cu") == 0) {
    *len = in->size;
    return arena_strndup(a, (const char *)in->data, in->size);
  }
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf b = {0};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_putn(&b, buf, n);
  fclose(f);
  *len = b.len;
  char *s = arena_strndup(a, b.data ? b.data : "", b.len);
  strbuf_free(&b);
  return s;
}

/* User errors are expected; internal ones are the bugs we look for. Only
 * the message line counts: the quoted source line may say anything. */
static void sink_check(void *ctx, const char *text) {
  (void)ctx;
  const char *ice = strstr(text, "error: internal compiler error");
  const char *eol = strchr(text, '\n');
  if (ice && (!eol || ice < eol)) {
    fputs(text, stderr);
    abort();
  }
}

static void diag_new(Diag *d, Arena *a) {
  diag_init(d, a);
  d->sink = sink_check;
}

/* Lowers prog afresh and runs one back end on it, as the driver does. */
static void run_backend(const Backend *be, Program *prog) {
  Arena a;
  arena_init(&a);
  Diag d;
  diag_new(&d, &a);
  IrModule *m = lower_program(&a, &d, prog, "input.cu");
  if (m && !d.errors && be->can_emit(m, &d) && !d.errors) {
    ir_verify(m, be->name, &d);  /* the raise steps of can_emit keep IR valid */
    StrBuf out = {0};
    be->emit(m, "0123456789abcdef", &d, &out);
    strbuf_free(&out);
  }
  arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* an input that spells the words could make a user diagnostic (#error)
   * look like an internal one */
  if (size > 1 << 14 || memmem(data, size, "internal compiler", 17)) return 0;
  Arena a;
  arena_init(&a);
  Diag d;
  diag_new(&d, &a);
  Input in = {data, size};
  FileIO io = {read_input, &in};
  PPOptions opt = {0};
  opt.device_include_dir = "include/cuwa/device";
  opt.cuda_arch = 750;
  opt.implicit_include = "cuda_runtime.h";
  PPResult toks;
  memset(&toks, 0, sizeof toks);
  Program *prog = NULL;
  if (preprocess_file(&a, &d, &io, "input.cu", &opt, &toks) && !d.errors)
    prog = parse_program(&a, &d, &toks.tokens);
  if (prog && !d.errors) {
    run_backend(&backend_c, prog);
    for (int i = 0; backend_targets[i]; i++) run_backend(backend_targets[i], prog);
  }
  arena_free(&a);
  return 0;
}
