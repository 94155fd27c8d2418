/* fuzz_pp.c: libFuzzer target for the device preprocessor. The input is
 * the only file ("input.cu", so it can #include itself); diagnostics go to
 * a discarding sink. Finds crashes, hangs and sanitizer reports; it does
 * not check the output. Build: clang -fsanitize=fuzzer,address,undefined
 * with fuzz_pp.c, preprocess.c, pp_expr.c, lex.c and src/util's files;
 * run with -max_len=4096 (the token budget in preprocess.c bounds time). */
#include <string.h>

#include "front/preprocess.h"

typedef struct Input {
  const uint8_t *data;
  size_t size;
} Input;

static char *read_input(void *ctx, Arena *a, const char *path, size_t *len) {
  const Input *in = ctx;
  if (strcmp(path, "input.cu") != 0) return NULL;
  *len = in->size;
  return arena_strndup(a, (const char *)in->data, in->size);
}

static void discard(void *ctx, const char *text) {
  (void)ctx;
  (void)text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  d.sink = discard;
  Input in = {data, size};
  FileIO io = {read_input, &in};
  const char *defines[] = {"FUZZ", "F(x)=[x]"};
  PPOptions opt = {0};
  opt.defines = defines;
  opt.define_count = 2;
  opt.cuda_arch = 750;
  PPResult out;
  memset(&out, 0, sizeof out);
  preprocess_file(&a, &d, &io, "input.cu", &opt, &out);
  arena_free(&a);
  return 0;
}
