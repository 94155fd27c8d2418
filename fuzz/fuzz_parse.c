/* fuzz_parse.c: libFuzzer target for the parser and type checker: bytes ->
 * lex_file -> keywords (as the preprocessor would) -> parse_program ->
 * ast_dump. It must never crash, hang or trip a sanitizer, whatever the
 * input; diagnostics are collected and dropped.
 *   clang -fsanitize=fuzzer,address,undefined -Isrc -Iinclude fuzz/fuzz_parse.c \
 *         src/util/{arena,diag,map,strbuf}.c and the parser files of src/front/ */
#include "front/parse.h"

#include <stdlib.h>
#include <string.h>

static void sink_drop(void *ctx, const char *text) {
  (void)ctx;
  (void)text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 16) return 0;
  char *src = malloc(size + 1);
  if (!src) return 0;
  memcpy(src, data, size);
  src[size] = 0;
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  d.sink = sink_drop;
  uint32_t file = diag_add_file(&d, "fuzz.cu", src, size);
  TokenVec toks = {0};
  lex_file(&a, &d, file, src, size, &toks);
  for (int i = 0; i < toks.len; i++)
    if (toks.data[i].kind == TK_IDENT)
      toks.data[i].kind = lex_keyword(toks.data[i].text, toks.data[i].len);
  Program *prog = parse_program(&a, &d, &toks);
  if (prog) {
    StrBuf b = {0};
    ast_dump(&b, prog);
    strbuf_free(&b);
  }
  arena_free(&a);
  free(src);
  return 0;
}
