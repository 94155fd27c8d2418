/* test_pp.c: unit tests of the device preprocessor (src/front/preprocess.c).
 * Each case preprocesses in-memory files through a FileIO and compares the
 * output spellings (joined by single spaces) and the diagnostics (their
 * first lines only, joined by newlines) with what is expected. It does not
 * test the lexer's own diagnostics or the parser. Standalone: prints
 * "N passed, M failed" last. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/preprocess.h"

typedef struct MemFile {
  const char *path, *text;
} MemFile;

/* The device headers the tests may include, besides each case's files. */
static const MemFile dev_files[] = {
    {"/dev/inc/sys.h", "int sys_line = __LINE__; int sys_tok;\n"},
    {"/dev/inc/guarded.h", "#ifndef GUARDED_H\n#define GUARDED_H\nint g;\n#endif\n"},
    {"/dev/inc/impl.h", "#define IMPL_DEFINED 42\n"},
    {"/usr/inc/user.h", "int user_h;\n"},
    {"/usr/inc/sub/deep.h", "#include \"near.h\"\n"},
    {"/usr/inc/sub/near.h", "int near_h;\n"},
};

typedef struct MemFS {
  const MemFile *files;
  int n;
} MemFS;

static const MemFile *find_file(const MemFS *fs, const char *path) {
  for (int i = 0; i < fs->n; i++)
    if (strcmp(fs->files[i].path, path) == 0) return &fs->files[i];
  for (size_t i = 0; i < sizeof dev_files / sizeof dev_files[0]; i++)
    if (strcmp(dev_files[i].path, path) == 0) return &dev_files[i];
  return NULL;
}

static char *mem_read(void *ctx, Arena *a, const char *path, size_t *len) {
  const MemFile *f = find_file(ctx, path);
  if (!f) return NULL;
  *len = strlen(f->text);
  return arena_strndup(a, f->text, *len);
}

static void sink(void *ctx, const char *text) { strbuf_puts(ctx, text); }

/* Keeps only the "path:l:c: level: message" lines of diagnostic text. */
static char *first_lines(const char *text) {
  StrBuf b = {0};
  strbuf_puts(&b, "");
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n && p[0] != ' ' && strncmp(p, "fatal error", 11) != 0) {
      if (b.len) strbuf_putc(&b, '\n');
      strbuf_putn(&b, p, n);
    }
    p = nl ? nl + 1 : NULL;
  }
  return strbuf_take(&b);
}

typedef struct Result {
  char *out;   /* spellings joined by spaces */
  char *diag;  /* first lines of diagnostics */
  bool ok;
  PPResult res;
  Arena arena;
} Result;

static const char *inc_dirs[] = {"/usr/inc"};

static PPOptions default_options(void) {
  PPOptions o = {0};
  o.include_dirs = inc_dirs;
  o.include_dir_count = 1;
  o.device_include_dir = "/dev/inc";
  o.cuda_arch = 750;
  return o;
}

static void run(Result *r, const MemFile *files, int n, const PPOptions *opt) {
  arena_init(&r->arena);
  Diag d;
  diag_init(&d, &r->arena);
  StrBuf text = {0};
  d.sink = sink;
  d.sink_ctx = &text;
  MemFS fs = {files, n};
  FileIO io = {mem_read, &fs};
  memset(&r->res, 0, sizeof r->res);
  r->ok = preprocess_file(&r->arena, &d, &io, files[0].path, opt, &r->res);
  StrBuf out = {0};
  strbuf_puts(&out, "");
  for (int i = 0; i < r->res.tokens.len; i++) {
    Token *t = &r->res.tokens.data[i];
    if (t->kind == TK_EOF) break;
    if (i) strbuf_putc(&out, ' ');
    strbuf_putn(&out, t->text, (size_t)t->len);
  }
  r->out = strbuf_take(&out);
  r->diag = first_lines(text.data);
  strbuf_free(&text);
}

static void done(Result *r) {
  free(r->out);
  free(r->diag);
  arena_free(&r->arena);
}

static int passed, failed;

static void expect_files(int line, const MemFile *files, int n,
                         const PPOptions *opt, const char *out,
                         const char *diag) {
  Result r;
  run(&r, files, n, opt);
  bool ok = strcmp(r.out, out) == 0 && strcmp(r.diag, diag) == 0 &&
            r.ok == !strstr(diag, "error:");
  if (ok) {
    passed++;
  } else {
    failed++;
    printf("FAIL line %d\n  output:   [%s]\n  expected: [%s]\n  diag:     [%s]\n"
           "  expected: [%s]\n  ok=%d\n", line, r.out, out, r.diag, diag, r.ok);
  }
  done(&r);
}

static void expect(int line, const char *src, const char *out, const char *diag) {
  MemFile f = {"t.cu", src};
  PPOptions o = default_options();
  expect_files(line, &f, 1, &o, out, diag);
}

#define T(src, out) expect(__LINE__, src, out, "")
#define TE(src, out, diag) expect(__LINE__, src, out, diag)

/* ---- object-like and function-like macros -------------------------------- */

static void test_basic(void) {
  T("", "");
  T("int x;", "int x ;");
  T("#define A 1\nA A", "1 1");
  T("#define A\nx A y", "x y");
  T("#define A B\n#define B A\nA B", "A B");           /* hide sets */
  T("#define f(x) x+f(x)\nf(1)", "1 + f ( 1 )");
  T("#define f(x) g(x)\n#define g(x) f(x)\nf(1)", "f ( 1 )");
  T("#define f(a,b) a b\nf(1,2) f((1,2),3)", "1 2 ( 1 , 2 ) 3");
  T("#define f(a) [a]\nf() f( ) f(())", "[ ] [ ] [ ( ) ]");
  T("#define f(a,b) [a|b]\nf(,) f(1,) f(,2)", "[ | ] [ 1 | ] [ | 2 ]");
  T("#define f(x) x\nf", "f");                        /* not a call */
  T("#define f(x) x\nf\n(1)", "1");                   /* call across lines */
  T("#define f(x) #x\nf(a  +  b) f( \"a\\n\" ) f('\"')",
    "\"a + b\" \"\\\"a\\\\n\\\"\" \"'\\\"'\"");
  T("#define f(x) #x\nf() f(a\nb)", "\"\" \"a b\"");
  T("#define cat(a,b) a##b\ncat(x,y) cat(1,2) cat(,y) cat(x,) cat(,)", "xy 12 y x");
  T("#define cat(a,b) a ## b\n#define xy done\ncat(x,y)", "done");
  T("#define cat(a,b) a##b\ncat(<,<) cat(-,>) cat(+,=)", "<< -> +=");
  T("#define cat3(a,b,c) a##b##c\ncat3(1,,3) cat3(,,) cat3(a,b,c)", "13 abc");
  T("#define O x ## y\nO", "xy");
  T("#define f(x) x\n#define g f(1)\ng", "1");
  T("#define f(x) x\n#define g f\ng(2)", "2");
  T("#define f(x) (x)\nf(f(f(1)))", "( ( ( 1 ) ) )");
  T("#define h() H\nh() h ( )", "H H");
  T("#define str(x) #x\n#define xstr(x) str(x)\n#define N 42\nstr(N) xstr(N)",
    "\"N\" \"42\"");
  /* C11 6.10.3.5 examples */
  T("#define x 3\n#define f(a) f(x * (a))\n#undef x\n#define x 2\n"
    "#define g f\n#define z z[0]\n#define h g(~\n#define m(a) a(w)\n"
    "#define w 0,1\n#define t(a) a\n#define p() int\n#define q(x) x\n"
    "#define r(x,y) x ## y\n"
    "f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\n"
    "g(x+(3,4)-w) | h 5) & m\n(f)^m(m);\n"
    "p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };",
    "f ( 2 * ( y + 1 ) ) + f ( 2 * ( f ( 2 * ( z [ 0 ] ) ) ) ) % "
    "f ( 2 * ( 0 ) ) + t ( 1 ) ; "
    "f ( 2 * ( 2 + ( 3 , 4 ) - 0 , 1 ) ) | f ( 2 * ( ~ 5 ) ) & "
    "f ( 2 * ( 0 , 1 ) ) ^ m ( 0 , 1 ) ; "
    "int i [ ] = { 1 , 23 , 4 , 5 , } ;");
  T("#define hash_hash # ## #\n#define mkstr(a) # a\n#define in_between(a) mkstr(a)\n"
    "#define join(c, d) in_between(c hash_hash d)\nchar p[] = join(x, y);",
    "char p [ ] = \"x ## y\" ;");
  T("#define A(x) x A\nA(A(1))", "1 A A");
  T("#define LPAREN (\n#define f(x) [x]\nf LPAREN 1)", "f ( 1 )");
  T("#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)", "2 * 9 * g");  /* gcc, clang */
  T("#define f(x) [x]\nf(1\n#ifdef Z\n2\n#else\n3\n#endif\n)", "[ 1 3 ]");
  TE("#define f(x) [x]\nf(1,\n#define Q 7\n) Q", "7",
     "t.cu:4:1: error: too many arguments provided to function-like macro invocation");
  T("#define EMPTY\n#define f(x) [x]\nf(EMPTY) f(EMPTY EMPTY)", "[ ] [ ]");
  T("#define AA BB\n#define BB(x) x\nAA(3)", "3");
  T("#define f(x, y) x ## y ## x\nf(a, b) f(, b) f(a, ) f(,)", "aba b aa");
  T("#define s(x) #x\ns(\"\\\"\") s('\\0') s(a\"b\\\"c\"d)",
    "\"\\\"\\\\\\\"\\\"\" \"'\\\\0'\" \"a\\\"b\\\\\\\"c\\\"d\"");
}

static void test_variadic(void) {
  T("#define v(...) [__VA_ARGS__]\nv() v(1) v(1,2,3)", "[ ] [ 1 ] [ 1 , 2 , 3 ]");
  T("#define v(a,...) [a|__VA_ARGS__]\nv(1) v(1,2) v(1,2,3)",
    "[ 1 | ] [ 1 | 2 ] [ 1 | 2 , 3 ]");
  T("#define e(fmt,...) p(fmt, ## __VA_ARGS__)\ne(\"a\") e(\"a\",1,2)",
    "p ( \"a\" ) p ( \"a\" , 1 , 2 )");
  T("#define o(x,...) f(x __VA_OPT__(,) __VA_ARGS__)\no(1) o(1,2) o(1,2,3)",
    "f ( 1 ) f ( 1 , 2 ) f ( 1 , 2 , 3 )");
  T("#define o(...) a __VA_OPT__(b ## c) d\no() o(1)", "a d a bc d");
  T("#define o(x,...) x ## __VA_OPT__(y)\no(a) o(a,1)", "a ay");
  T("#define s(...) #__VA_OPT__(x __VA_ARGS__)\ns() s(1 2)", "\"\" \"x 1 2\"");
  T("#define g(args...) f(args)\ng(1,2)", "f ( 1 , 2 )");
  T("#define v(...) #__VA_ARGS__\nv(a, b,c)", "\"a, b,c\"");
  T("#define N(x,...) __VA_OPT__(no)\nN(1)", "");
}

static void test_macro_errors(void) {
  TE("#define f(a,b) a\nf(1)", "", "t.cu:2:4: error: too few arguments provided to function-like macro invocation");
  TE("#define f(a) a\nf(1,2) x", "x", "t.cu:2:5: error: too many arguments provided to function-like macro invocation");
  TE("#define f(a) a\nf(1", "", "t.cu:2:1: error: unterminated function-like macro invocation");
  TE("#define f(x) #y\n", "", "t.cu:1:14: error: '#' is not followed by a macro parameter");
  TE("#define f(x) ## x\n", "", "t.cu:1:14: error: '##' cannot appear at either end of a macro expansion");
  TE("#define f(x) x ##\n", "", "t.cu:1:16: error: '##' cannot appear at either end of a macro expansion");
  TE("#define f(x,x) x\n", "", "t.cu:1:13: error: duplicate macro parameter name 'x'");
  TE("#define f(x y) x\n", "", "t.cu:1:13: error: expected comma in macro parameter list");
  TE("#define f(x\n", "", "t.cu:2:1: error: missing ')' in macro parameter list");
  TE("#define f(1) x\n", "", "t.cu:1:11: error: invalid token in macro parameter list");
  TE("#define\n", "", "t.cu:1:2: error: macro name missing");
  TE("#define 1 2\n", "", "t.cu:1:9: error: macro name must be an identifier");
  TE("#define defined 2\n", "", "t.cu:1:9: error: 'defined' cannot be used as a macro name");
  TE("#define c(a,b) a##b\nc(+,/)", "+ /", "t.cu:2:1: error: pasting formed '+/', an invalid preprocessing token");
  TE("#define c(a,b) a##b\nc(/,/) c(/,*)", "/ / / *",
     "t.cu:2:1: error: pasting formed '//', an invalid preprocessing token\n"
     "t.cu:2:8: error: pasting formed '/*', an invalid preprocessing token");
  TE("#define A 1\n#define A 2\nA", "2",
     "t.cu:2:9: warning: 'A' macro redefined\nt.cu:1:9: note: previous definition is here");
  T("#define A 1 /* c */ + 2\n#define A 1 + /**/ 2\nA", "1 + 2");
  TE("#define o(...) __VA_OPT__ x\n", "", "t.cu:1:16: error: missing '(' following __VA_OPT__");
  TE("#define o(...) __VA_OPT__(x\n", "", "t.cu:1:16: error: unterminated __VA_OPT__");
  TE("#define o(...) __VA_OPT__(a __VA_OPT__(b))\n", "", "t.cu:1:29: error: __VA_OPT__ cannot be nested");
}

/* ---- conditionals --------------------------------------------------------- */

static void test_if(void) {
  T("#if 1\na\n#else\nb\n#endif", "a");
  T("#if 0\na\n#else\nb\n#endif", "b");
  T("#if 0\na\n#elif 1\nb\n#elif 1\nc\n#else\nd\n#endif", "b");
  T("#if 0\n#if 1\na\n#else\nb\n#endif\n#else\nc\n#endif", "c");
  T("#ifdef X\na\n#endif\n#define X\n#ifdef X\nb\n#endif\n#ifndef X\nc\n#endif", "b");
  T("#define X\n#if defined X && defined(X) && !defined(Y)\nok\n#endif", "ok");
  T("#if -1 < 0\na\n#endif\n#if -1 < 0u\nb\n#endif", "a");
  T("#if 0xffffffffffffffff == -1\na\n#endif", "a");
  T("#if (2 + 3 * 4) == 14 && (7 / 2 == 3) && (-7 % 3 == -1) && (1 << 4 == 16)\nok\n#endif", "ok");
  T("#if 1 ? 2 : (1/0)\nok\n#endif", "ok");
  T("#if 0 && (1/0)\n#else\nok\n#endif", "ok");
  T("#if 'a' == 97 && '\\n' == 10 && '\\377' < 0\nok\n#endif", "ok");
  T("#if UNDEFINED == 0 && !UNDEFINED\nok\n#endif", "ok");
  T("#if true && !false\nok\n#endif", "ok");
  T("#define F(x) (x * 2)\n#if F(3) == 6\nok\n#endif", "ok");
  T("#define D defined(X)\n#define X\n#if D\nok\n#endif", "ok");
  T("#if __has_attribute(noinline) || __has_builtin(__builtin_expect) || "
    "__has_feature(x) || __has_cpp_attribute(nodiscard)\nno\n#else\nok\n#endif", "ok");
  T("#if defined(__has_include) && defined __has_attribute\nok\n#endif", "ok");
  T("#ifdef __has_include\nok\n#endif", "ok");
  T("#if 0\n#error no\n#foo\n'unterminated\n#else\nok\n#endif", "ok");
  T("#if 0\n#elif 0\n#else\nok\n#endif", "ok");
  T("#if 1\nok\n#elif 1/0\n#endif", "ok");
  T("#define Z\n#if 0\n#elifdef Z\nok\n#endif\n#if 0\n#elifndef Z\n#else\nok2\n#endif", "ok ok2");
  T("#define Z\n#ifndef Z\n#elifndef Q\nok\n#endif", "ok");
}

static void test_if_errors(void) {
  TE("#if 1\nx", "x", "t.cu:1:2: error: unterminated conditional directive");
  TE("#if 1\n#else\n#else\n#endif", "", "t.cu:3:2: error: #else after #else");
  TE("#if 1\n#else\n#elif 1\n#endif", "", "t.cu:3:2: error: #elif after #else");
  TE("#endif", "", "t.cu:1:2: error: #endif without #if");
  TE("#else", "", "t.cu:1:2: error: #else without #if");
  TE("#elif 1", "", "t.cu:1:2: error: #elif without #if");
  TE("#if\n#endif", "", "t.cu:1:2: error: #if with no expression");
  TE("#if 1 +\n#endif", "", "t.cu:1:8: error: expected value in expression");
  TE("#if 1/0\n#endif", "", "t.cu:1:6: error: division by zero in preprocessor expression");
  TE("#ifdef\n#endif", "", "t.cu:1:2: error: macro name missing");
  TE("#if defined(X\n#endif", "", "t.cu:1:14: error: missing ')' after 'defined'");
  TE("#if F(1)\n#endif", "", "t.cu:1:5: error: function-like macro 'F' is not defined");
  TE("#endif x\n", "", "t.cu:1:2: error: #endif without #if");
  TE("#if 1\n#endif x\n", "", "t.cu:2:8: warning: extra tokens at end of #endif directive");
  TE("#foo\nx", "x", "t.cu:1:2: error: invalid preprocessing directive #foo");
  TE("#if 0\n#else\n#else\n#endif", "", "t.cu:3:2: error: #else after #else");
  TE("#if 1.0\n#endif", "", "t.cu:1:5: error: floating point literal in preprocessor expression");
  TE("#if __has_attribute x\n#endif", "", "t.cu:1:5: error: missing '(' after '__has_attribute'");
}

/* ---- includes ------------------------------------------------------------- */

static void test_include(void) {
  PPOptions o = default_options();
  {
    MemFile f[] = {{"dir/t.cu", "#include \"a.h\"\nb;"}, {"dir/a.h", "a;"}};
    expect_files(__LINE__, f, 2, &o, "a ; b ;", "");
  }
  {
    MemFile f[] = {{"t.cu", "#include <user.h>\n#include \"user.h\"\n#include <sub/deep.h>"}};
    expect_files(__LINE__, f, 1, &o, "int user_h ; int user_h ; int near_h ;", "");
  }
  {
    MemFile f[] = {{"t.cu", "#include <guarded.h>\n#include <guarded.h>\n#include \"guarded.h\""}};
    expect_files(__LINE__, f, 1, &o, "int g ;", "");
  }
  {
    MemFile f[] = {{"t.cu", "#include \"o.h\"\n#include \"o.h\"\n"},
                   {"o.h", "#pragma once\nonce;"}};
    expect_files(__LINE__, f, 2, &o, "once ;", "");
  }
  {
    MemFile f[] = {{"t.cu", "#define H <user.h>\n#define Q \"q.h\"\n#include H\n#include Q\n"},
                   {"q.h", "q;"}};
    expect_files(__LINE__, f, 2, &o, "int user_h ; q ;", "");
  }
  {
    MemFile f[] = {{"t.cu", "#include <iostream>\n#include \"nope.h\"\nx"}};
    Result r;
    run(&r, f, 1, &o);
    bool ok = r.ok && strcmp(r.out, "x") == 0 && r.res.host_headers.len == 2 &&
              strcmp(r.res.host_headers.data[0], "iostream") == 0 &&
              strcmp(r.res.host_headers.data[1], "nope.h") == 0 &&
              r.res.host_header_locs.data[1].line == 2;
    if (ok) passed++;
    else { failed++; printf("FAIL line %d: host headers [%s] [%s]\n", __LINE__, r.out, r.diag); }
    done(&r);
  }
  {
    MemFile f[] = {{"t.cu", "#if __has_include(<user.h>) && __has_include(\"sys.h\") && "
                            "!__has_include(<vector>)\nok\n#endif"}};
    expect_files(__LINE__, f, 1, &o, "ok", "");
  }
  {
    MemFile f[] = {{"t.cu", "#include \"r.h\"\n"}, {"r.h", "#include \"r.h\"\n"}};
    expect_files(__LINE__, f, 2, &o, "", "r.h:1:2: error: #include nested too deeply");
  }
  {
    MemFile f[] = {{"t.cu", "#include \"u.h\"\n#endif\n"}, {"u.h", "#if 1\n"}};
    expect_files(__LINE__, f, 2, &o, "",
                 "u.h:1:2: error: unterminated conditional directive\n"
                 "t.cu:2:2: error: #endif without #if");
  }
  {
    MemFile f[] = {{"t.cu", "#include\n#include <>\n#include x\n"}};
    expect_files(__LINE__, f, 1, &o, "",
                 "t.cu:1:9: error: expected \"FILENAME\" or <FILENAME>\n"
                 "t.cu:2:10: error: empty filename\n"
                 "t.cu:3:10: error: expected \"FILENAME\" or <FILENAME>");
  }
  {
    MemFile f[] = {{"t.cu", "__INCLUDE_LEVEL__ __FILE__\n#include \"l.h\"\n"},
                   {"l.h", "__INCLUDE_LEVEL__ __FILE__ __LINE__"}};
    expect_files(__LINE__, f, 2, &o, "0 \"t.cu\" 1 \"l.h\" 1", "");
  }
  {
    o.implicit_include = "impl.h";
    MemFile f[] = {{"t.cu", "IMPL_DEFINED"}};
    expect_files(__LINE__, f, 1, &o, "42", "");
    o.implicit_include = NULL;
  }
  {
    MemFile f[] = {{"t.cu", "#include_next <user.h>\n#if __has_include_next(<user.h>)\nok\n#endif"}};
    expect_files(__LINE__, f, 1, &o, "int user_h ; ok", "");
  }
  {
    MemFile f[] = {{"t.cu", "#include \"e.h\"\nx\n#include \"err.h\"\n"}, {"e.h", ""},
                   {"err.h", "\n#error in header\n#define f(x) x\nf(1"}};
    expect_files(__LINE__, f, 3, &o, "x",
                 "err.h:2:2: error: #error in header\n"
                 "err.h:4:1: error: unterminated function-like macro invocation");
  }
  {
    MemFile f[] = {{"t.cu", "#include \"l.h\"\n__LINE__\n"},
                   {"l.h", "#line 50\n__LINE__\n"}};
    expect_files(__LINE__, f, 2, &o, "50 2", "");
  }
  {
    /* a macro from a system header: the expansion points at the user */
    MemFile f[] = {{"t.cu", "#include <sysmac.h>\n  SYSMAC\n"},
                   {"/dev/inc/sysmac.h", "#define SYSMAC (1 + 2)\n"}};
    Result r;
    run(&r, f, 2, &o);
    Token *t = r.res.tokens.data;
    bool ok = r.ok && strcmp(r.out, "( 1 + 2 )") == 0 && t[1].loc.line == 2 &&
              t[1].loc.col == 3 && !t[1].from_system && t[1].origin.file != t[1].loc.file;
    if (ok) passed++;
    else { failed++; printf("FAIL line %d: sysmac [%s] [%s]\n", __LINE__, r.out, r.diag); }
    done(&r);
  }
  {
    /* from_system and locations of system tokens */
    MemFile f[] = {{"t.cu", "#include <sys.h>\nint u;"}};
    Result r;
    run(&r, f, 1, &o);
    Token *t = r.res.tokens.data;
    bool ok = r.ok && strcmp(r.out, "int sys_line = 1 ; int sys_tok ; int u ;") == 0 &&
              t[0].from_system && !t[8].from_system && t[8].loc.line == 2 &&
              t[0].kind == KW_INT;
    if (ok) passed++;
    else { failed++; printf("FAIL line %d: system [%s] [%s]\n", __LINE__, r.out, r.diag); }
    done(&r);
  }
}

/* ---- other directives and builtins --------------------------------------- */

static void test_misc(void) {
  T("#pragma unroll\nfor\n#pragma unroll 4\n#pragma omp parallel\nx", "for x");
  T("a _Pragma(\"unroll\") b", "a b");
  T("#define P _Pragma(\"once\") z\nP", "z");
  TE("a _Pragma(1) b", "a ( 1 ) b", "t.cu:1:3: error: _Pragma takes a parenthesized string literal");
  T("__LINE__\n\n__LINE__", "1 3");
  T("#define L __LINE__\nL\nL", "2 3");
  T("#line 100\n__LINE__\n#line 7 \"x.cu\"\n__LINE__ __FILE__", "100 7 \"x.cu\"");
  T("# 20 \"y.cu\" 1\n__LINE__ __FILE__", "20 \"y.cu\"");
  TE("#line x\n", "", "t.cu:1:7: error: #line directive requires a simple digit sequence");
  T("__COUNTER__ __COUNTER__ __COUNTER__", "0 1 2");
  T("__FILE__ __BASE_FILE__", "\"t.cu\" \"t.cu\"");
  TE("#error stop here  now\nx", "x", "t.cu:1:2: error: #error stop here  now");
  TE("#warning don't do that\nx", "x", "t.cu:1:2: warning: #warning don't do that");
  TE("#error\n", "", "t.cu:1:2: error: #error");
  T("#\n# \nx", "x");
  T("#ident \"v1\"\nx", "x");
  T("#define A 1\n#undef A\nA", "A");
  T("#define A 1\n#pragma push_macro(\"A\")\n#undef A\nA\n#pragma pop_macro(\"A\")\nA",
    "A 1");
  T("__CUDACC__ __NVCC__ __CUDA_ARCH__ __CUWA__ __cplusplus __CUDACC_VER_MAJOR__",
    "1 1 750 1 201703L 13");
  T("__SIZEOF_POINTER__ __SIZEOF_LONG__ __CHAR_BIT__ __GNUC__ __x86_64__ __LP64__",
    "8 8 8 12 1 1");
  T("#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __INT_MAX__ == 2147483647 && "
    "__LONG_MAX__ == 9223372036854775807 && __SCHAR_MAX__ == 127 && __SHRT_MAX__ == 32767\n"
    "ok\n#endif", "ok");
  TE("'ab\n\"cd\nx", "'ab \"cd x",
     "t.cu:1:1: error: missing terminating ' character\n"
     "t.cu:2:1: error: missing terminating \" character");
  T("int if while __global__ __device__ foo", "int if while __global__ __device__ foo");
  T("a \"s\" \"t\" b", "a \"s\" \"t\" b");          /* no concatenation */
  T("#define o(x,...) [__VA_OPT__(va)]\no(1,) o(1, ) o(1,2)", "[ ] [ ] [ va ]");
  T("#if __CUDA_ARCH__ >= 700 && defined(__CUDACC__) && __CUDACC_VER_MAJOR__ >= 12\nok\n#endif", "ok");
  T("#if 0\n\"unterminated\n#endif\nx", "x");
  T("#if 1\n#else\n#error skipped\n#warning skipped\n#endif", "");
  T("#ifdef A\n#elif 1\nok\n#endif", "ok");
  TE("#if (1\n#endif", "", "t.cu:1:7: error: expected ')' in preprocessor expression\n"
     "t.cu:1:5: note: to match this '('");
  TE("#ifdef X Y\n#endif", "", "t.cu:1:10: warning: extra tokens at end of #ifdef directive");
  TE("#undef\n", "", "t.cu:1:2: error: macro name missing");
  TE("#include \"a.h\" junk\n", "", "t.cu:1:16: warning: extra tokens at end of #include directive");
  TE("#define f(x) x\n#define f(y) y\n", "", "t.cu:2:9: warning: 'f' macro redefined\n"
     "t.cu:1:9: note: previous definition is here");
  T("#define f(x) x\n#define f(x) x\n#define g() 1\n#define g() 1\n", "");
  {
    MemFile f = {"t.cu", "__DATE__ __TIME__"};
    PPOptions o = default_options();
    Result r;
    run(&r, &f, 1, &o);
    Token *t = r.res.tokens.data;
    bool ok = r.ok && r.res.tokens.len == 3 && t[0].kind == TK_STR && t[0].len == 13 &&
              t[1].kind == TK_STR && t[1].len == 10 && t[1].text[3] == ':';
    if (ok) passed++;
    else { failed++; printf("FAIL line %d: date [%s]\n", __LINE__, r.out); }
    done(&r);
  }
  {
    PPOptions o = default_options();
    const char *defs[] = {"1=2"};
    o.defines = defs;
    o.define_count = 1;
    MemFile f = {"t.cu", "x"};
    expect_files(__LINE__, &f, 1, &o, "x", "<built-in>:44:9: error: macro name must be an identifier");
  }
  {
    PPOptions o = default_options();
    const char *defs[] = {"X", "Y=2", "F(a)=a+a", "Z=3"};
    const char *undefs[] = {"Z"};
    o.defines = defs;
    o.define_count = 4;
    o.undefines = undefs;
    o.undefine_count = 1;
    o.cuda_arch = 860;
    MemFile f = {"t.cu", "X Y F(1) Z __CUDA_ARCH__"};
    expect_files(__LINE__, &f, 1, &o, "1 2 1 + 1 Z 860", "");
  }
  {
    PPOptions o = default_options();
    MemFile f = {"missing.cu", ""};
    Result r;
    MemFS fs = {NULL, 0};
    (void)fs;
    run(&r, &f, 0, &o);
    bool ok = !r.ok && strcmp(r.diag, "error: no such file or directory: 'missing.cu'") == 0;
    if (ok) passed++;
    else { failed++; printf("FAIL line %d: missing [%s]\n", __LINE__, r.diag); }
    done(&r);
  }
}

/* Long chains and deep nesting stay within the token budget (hide sets
 * and argument expansion are linear there); a blowup is an error. */
static void test_limits(void) {
  StrBuf b = {0};
  for (int i = 0; i < 2000; i++) strbuf_printf(&b, "#define A%d A%d\n", i, i + 1);
  for (int i = 0; i < 2000; i++) strbuf_printf(&b, "#define g%d(x) g%d(x)\n", i, i + 1);
  strbuf_puts(&b, "#define f(x) x\nA0 g0(1) ");
  for (int i = 0; i < 150; i++) strbuf_puts(&b, "f(");
  strbuf_puts(&b, "2");
  for (int i = 0; i < 150; i++) strbuf_puts(&b, ")");
  expect(__LINE__, b.data, "A2000 g2000 ( 1 ) 2", "");
  strbuf_free(&b);
  MemFile f = {"t.cu", "#define F(x) x x\n#define G(x) F(F(F(F(F(F(F(F(x))))))))\n"
                       "G(G(G(G(G(G(G(1)))))))"};
  PPOptions o = default_options();
  Result r;
  run(&r, &f, 1, &o);
  if (!r.ok && strstr(r.diag, "error: macro expansion or #include produces more than"))
    passed++;
  else {
    failed++;
    printf("FAIL line %d: budget [%s]\n", __LINE__, r.diag);
  }
  done(&r);
}

/* Tokens from a macro expansion point at the use site; origin at the
 * definition. */
static void test_locations(void) {
  MemFile f = {"t.cu", "#define M(x) (x + y)\n  M(a)\n"};
  PPOptions o = default_options();
  Result r;
  run(&r, &f, 1, &o);
  Token *t = r.res.tokens.data;
  /* ( a + y ) */
  bool ok = r.ok && r.res.tokens.len == 6 && t[0].loc.line == 2 && t[0].loc.col == 3 &&
            t[0].origin.line == 1 && t[0].origin.col == 14 &&
            t[1].loc.line == 2 && t[1].loc.col == 5 &&   /* the argument */
            t[3].loc.line == 2 && t[3].origin.col == 19 && t[0].hideset == NULL;
  if (ok) passed++;
  else {
    failed++;
    printf("FAIL line %d: locations [%s]\n", __LINE__, r.out);
  }
  done(&r);
}

int main(void) {
  test_basic();
  test_variadic();
  test_macro_errors();
  test_if();
  test_if_errors();
  test_include();
  test_misc();
  test_limits();
  test_locations();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
