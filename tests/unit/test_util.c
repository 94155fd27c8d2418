/* test_util.c: unit tests of src/util (arena, vectors, strings, map,
 * diagnostics) and the lexer. Prints one line per failure and a summary. */
#include "front/token.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (cond) passed++;                                               \
    else { failed++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
  } while (0)

static void test_arena(void) {
  Arena a;
  arena_init(&a);
  char *p = arena_alloc(&a, 10);
  CHECK(((uintptr_t)p & 15) == 0);
  CHECK(p[9] == 0);
  for (int i = 0; i < 10000; i++) arena_alloc(&a, 100);  /* many chunks */
  char *big = arena_alloc(&a, 1 << 20);
  big[(1 << 20) - 1] = 1;
  CHECK(strcmp(arena_printf(&a, "%d-%s", 42, "x"), "42-x") == 0);
  CHECK(strcmp(arena_strndup(&a, "hello", 3), "hel") == 0);
  arena_free(&a);
}

static void test_vec_strbuf(void) {
  Arena a;
  arena_init(&a);
  Vec(int) v = {0};
  for (int i = 0; i < 1000; i++) vec_push(&a, &v, i * 2);
  CHECK(v.len == 1000 && v.data[999] == 1998 && v.data[0] == 0);
  StrBuf b = {0};
  for (int i = 0; i < 100; i++) strbuf_printf(&b, "%d,", i);
  CHECK(b.len == 290 && strncmp(b.data, "0,1,2,", 6) == 0);
  strbuf_free(&b);
  arena_free(&a);
}

static void test_map(void) {
  Arena a;
  arena_init(&a);
  Map m;
  map_init(&m, &a);
  char keys[500][8];
  for (int i = 0; i < 500; i++) {
    snprintf(keys[i], sizeof keys[i], "k%d", i);
    map_put(&m, keys[i], (void *)(intptr_t)(i + 1));
  }
  CHECK(map_get(&m, "k0") == (void *)1);
  CHECK(map_get(&m, "k499") == (void *)500);
  CHECK(map_get(&m, "k500") == NULL);
  map_del(&m, "k7");
  CHECK(map_get(&m, "k7") == NULL);
  map_put(&m, keys[7], (void *)99);
  CHECK(map_get(&m, "k7") == (void *)99);
  CHECK(map_getn(&m, "k12345", 3) == (void *)13);
  arena_free(&a);
}

typedef struct { char text[1024]; } Sink;
static void sink_collect(void *ctx, const char *text) {
  Sink *s = ctx;
  strncat(s->text, text, sizeof s->text - strlen(s->text) - 1);
}

static void test_diag_and_lex(void) {
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  Sink sink = {{0}};
  d.sink = sink_collect;
  d.sink_ctx = &sink;
  const char *src = "int x = 0x1f; // c\na <<<g, b>>> (\"s\\\"\" 'c');\n  @ /* unterminated";
  uint32_t f = diag_add_file(&d, "t.cu", src, strlen(src));
  TokenVec toks = {0};
  lex_file(&a, &d, f, src, strlen(src), &toks);
  CHECK(toks.data[0].kind == TK_IDENT && token_is(&toks.data[0], "int"));
  CHECK(toks.data[3].kind == TK_NUM && token_is(&toks.data[3], "0x1f"));
  CHECK(toks.data[5].kind == TK_IDENT && toks.data[5].at_bol && toks.data[5].loc.line == 2);
  CHECK(toks.data[6].kind == TK_LAUNCH_OPEN);
  CHECK(toks.data[10].kind == TK_LAUNCH_CLOSE);
  CHECK(toks.data[12].kind == TK_STR && toks.data[12].len == 5);
  CHECK(toks.data[13].kind == TK_CHAR);
  CHECK(toks.data[16].kind == TK_OTHER && toks.data[16].loc.line == 3 && toks.data[16].loc.col == 3);
  CHECK(toks.data[toks.len - 1].kind == TK_EOF);
  CHECK(d.errors == 1);
  CHECK(strcmp(sink.text, "t.cu:3:5: error: unterminated comment\n"
                          "    @ /* unterminated\n"
                          "      ^\n") == 0);
  CHECK(lex_keyword("__global__", 10) == KW_GLOBAL);
  CHECK(lex_keyword("globalx", 7) == TK_IDENT);
  arena_free(&a);
}

int main(void) {
  test_arena();
  test_vec_strbuf();
  test_map();
  test_diag_and_lex();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
