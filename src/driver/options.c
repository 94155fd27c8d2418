/* options.c: nvcc's command line -> Options. Accepts nvcc's spellings
 * (-o F, -I D / -ID, --include-path=D, -arch=sm_NN, -gencode ...), and
 * silently accepts options that only tune GPU code generation. It does
 * not decide what to run: compile.c does that from Options. */
#include "driver/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ArgState {
  Arena *arena;
  int argc, i;   /* i: the argument being looked at */
  char **argv;
  bool failed;
} ArgState;

/* Options that only tune GPU code generation or nvcc internals: accepted
 * and ignored, as the brief of a CPU/WebGPU compiler allows. */
static const char *const ignored_flags[] = {
    "-m64", "-res-usage", "--resource-usage", "--expt-relaxed-constexpr",
    "-expt-relaxed-constexpr", "--expt-extended-lambda",
    "-expt-extended-lambda", "--extended-lambda", "-extended-lambda",
    "-Wno-deprecated-gpu-targets", "--Wno-deprecated-gpu-targets",
    "-src-in-ptx", "--source-in-ptx", "-allow-unsupported-compiler",
    "--allow-unsupported-compiler", "--display-error-number", "-err-no",
    "--no-display-error-number", "-no-err-no", "-dlto", "--dlink-time-opt",
    "-restrict", "--restrict", "-forward-unknown-to-host-linker",
    "--forward-unknown-to-host-linker", NULL};

static const char *const ignored_with_value[] = {
    "-maxrregcount", "--maxrregcount", "-Xptxas", "--ptxas-options",
    "-Xnvlink", "--nvlink-options", "-Xcudafe", "-ccbin", "--compiler-bindir",
    "-rdc", "--relocatable-device-code", "-fmad", "--fmad",
    "-default-stream", "--default-stream", "-cudart", "--cudart", "-t",
    "--threads", "-diag-suppress", "--diag-suppress", "-keep-dir",
    "--keep-dir", "-Werror", "--Werror", "-dopt", "--dopt",
    "-split-compile", "--split-compile", "-code", "--gpu-code", NULL};

static bool in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return true;
  return false;
}

static void arg_error(ArgState *s, const char *fmt, const char *what) {
  fprintf(stderr, "cuwa: error: ");
  fprintf(stderr, fmt, what);
  fputc('\n', stderr);
  s->failed = true;
}

/* Matches argv[i] against an option that takes a value, spelled
 * "NAME VALUE" or "NAME=VALUE", or "NAMEVALUE" when joined is set
 * (-Idir, -DX, -lm). Advances i past what it used. */
static bool take_value(ArgState *s, const char *name, bool joined,
                       const char **val) {
  const char *arg = s->argv[s->i];
  size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0) return false;
  if (arg[n] == '=') {
    *val = arg + n + 1;
    return true;
  }
  if (arg[n] && joined) {
    *val = arg + n;
    return true;
  }
  if (arg[n]) return false;
  if (s->i + 1 >= s->argc) {
    arg_error(s, "argument to '%s' is missing (expected 1 value)", name);
    *val = "";
    return true;
  }
  *val = s->argv[++s->i];
  return true;
}

static bool take_any(ArgState *s, const char *n1, const char *n2,
                     bool joined, const char **val) {
  return take_value(s, n1, joined, val) || (n2 && take_value(s, n2, joined, val));
}

/* Splits "a,b,c" (-Xcompiler, -Xlinker) into v. */
static void push_split(Arena *a, StrVec *v, const char *list) {
  for (const char *p = list;;) {
    const char *comma = strchr(p, ',');
    size_t n = comma ? (size_t)(comma - p) : strlen(p);
    if (n) vec_push(a, v, arena_strndup(a, p, n));
    if (!comma) break;
    p = comma + 1;
  }
}

/* "sm_86", "compute_90a", "arch=compute_70,code=sm_70" -> 860, 900, 700;
 * 0 when the value names no number (native, all, all-major). */
static int parse_arch(const char *v) {
  const char *p = strstr(v, "compute_");
  if (p) p += 8;
  else if ((p = strstr(v, "sm_"))) p += 3;
  else if ((p = strstr(v, "lto_"))) p += 4;
  if (!p || *p < '0' || *p > '9') return 0;
  return atoi(p) * 10;
}

/* Removes the entries of v that name the macro `name` ("X" or "X=V"). */
static void drop_macro(StrVec *v, const char *name) {
  size_t n = strcspn(name, "=");
  int w = 0;
  for (int k = 0; k < v->len; k++) {
    const char *e = v->data[k];
    if (!(strncmp(e, name, n) == 0 && (e[n] == 0 || e[n] == '='))) v->data[w++] = e;
  }
  v->len = w;
}

/* -D/-U: the host -E step sees them in order; the device preprocessor gets
 * the outcome (its defines and undefines are two lists), so a later option
 * cancels an earlier one for the same macro, as in order. */
static void set_macro(ArgState *s, Options *o, const char *val, bool define) {
  Arena *a = s->arena;
  drop_macro(define ? &o->undefines : &o->defines, val);
  vec_push(a, define ? &o->defines : &o->undefines, val);
  vec_push(a, &o->macro_args, arena_printf(a, "-%c%s", define ? 'D' : 'U', val));
}

/* Options that take a value; returns true if argv[i] was one of them. */
static bool parse_valued(ArgState *s, Options *o, int *arch, int *gencode_arch) {
  Arena *a = s->arena;
  const char *v;
  if (take_any(s, "-o", "--output-file", true, &v)) o->output = v;
  else if (take_any(s, "-I", "--include-path", true, &v)) vec_push(a, &o->include_dirs, v);
  else if (take_any(s, "-isystem", "--system-include", false, &v)) vec_push(a, &o->include_dirs, v);
  else if (take_any(s, "-D", "--define-macro", true, &v)) set_macro(s, o, v, true);
  else if (take_any(s, "-U", "--undefine-macro", true, &v)) set_macro(s, o, v, false);
  else if (take_any(s, "-L", "--library-path", true, &v)) vec_push(a, &o->lib_dirs, v);
  else if (take_any(s, "-l", "--library", true, &v)) vec_push(a, &o->libs, v);
  else if (take_any(s, "-Xcompiler", "--compiler-options", false, &v)) push_split(a, &o->host_args, v);
  else if (take_any(s, "-Xlinker", "--linker-options", false, &v)) push_split(a, &o->linker_args, v);
  else if (take_any(s, "-std", "--std", false, &v)) o->std = v;
  else if (take_any(s, "-arch", "--gpu-architecture", false, &v)) *arch = parse_arch(v);
  else if (take_any(s, "-gencode", "--generate-code", false, &v)) {
    if (!*gencode_arch) *gencode_arch = parse_arch(v);
  } else if (take_any(s, "-x", "--x", false, &v)) {
    if (strcmp(v, "cu") == 0) o->force_cu = true;
    else if (strcmp(v, "c") != 0 && strcmp(v, "c++") != 0)
      arg_error(s, "language not recognized: '%s'", v);
  } else if (take_any(s, "--emit", NULL, false, &v)) {
    if (strcmp(v, "c") == 0) o->emit = EMIT_C;
    else if (strcmp(v, "ir") == 0) o->emit = EMIT_IR;
    else if (strcmp(v, "host") == 0) o->emit = EMIT_HOST;
    else o->emit = EMIT_TARGET, o->emit_target = v;  /* checked by compile.c */
  } else if (take_any(s, "--optimize", NULL, false, &v)) {
    o->opt_level = atoi(v);
  } else {
    return false;
  }
  return true;
}

/* -ftz, -prec-div, -prec-sqrt: "true" or "false" as nvcc takes them;
 * *set counts which were given (they override --use_fast_math). */
static bool parse_fp_mode(ArgState *s, Options *o, int *set) {
  static const char *const names[][2] = {
      {"-ftz", "--ftz"}, {"-prec-div", "--prec-div"}, {"-prec-sqrt", "--prec-sqrt"}};
  bool *fields[] = {&o->ftz, &o->prec_div, &o->prec_sqrt};
  for (int k = 0; k < 3; k++) {
    const char *v;
    if (!take_any(s, names[k][0], names[k][1], false, &v)) continue;
    if (strcmp(v, "true") == 0) *fields[k] = true;
    else if (strcmp(v, "false") == 0) *fields[k] = false;
    else arg_error(s, "'%s': expected true or false", v);
    *set |= 1 << k;
    return true;
  }
  return false;
}

/* Options without a value; returns true if argv[i] was one of them. */
static bool parse_flag(ArgState *s, Options *o) {
  const char *arg = s->argv[s->i];
#define IS(a, b) (strcmp(arg, a) == 0 || (b && strcmp(arg, b) == 0))
  if (IS("-c", "--compile") || IS("-dc", "--device-c")) o->compile_only = true;
  else if (IS("-dlink", "--device-link")) o->mode = MODE_DLINK;
  else if (IS("-g", "--debug")) o->debug = true;
  else if (IS("-G", "--device-debug")) o->device_debug = true;
  else if (IS("-lineinfo", "--generate-line-info")) o->lineinfo = true;
  else if (IS("-w", "--disable-warnings")) o->no_warnings = true;
  else if (IS("-v", "--verbose")) o->verbose = true;
  else if (IS("-V", "--version")) o->mode = MODE_VERSION;
  else if (IS("-h", "--help")) o->mode = MODE_HELP;
  else if (IS("--use_fast_math", "-use_fast_math")) o->fast_math = true;
  else if (IS("-keep", "--keep")) o->keep_temps = true;
  else if (IS("-shared", "--shared")) o->shared = true;
  else if (IS("-forward-unknown-to-host-compiler", "--forward-unknown-to-host-compiler") ||
           IS("-forward-unknown-opts", "--forward-unknown-opts"))
    o->forward_unknown = true;
  else if (arg[0] == '-' && arg[1] == 'O' &&
           (arg[2] == 0 || (arg[2] >= '0' && arg[2] <= '3' && arg[3] == 0)))
    o->opt_level = arg[2] ? arg[2] - '0' : 3;
  else if (strcmp(arg, "-Wno-deprecated-declarations") == 0)
    vec_push(s->arena, &o->host_args, arg);
  else if (in_list(ignored_flags, arg))
    ;
  else
    return false;
#undef IS
  return true;
}

/* An ignored option that takes a value: skip it and its value. */
static bool skip_ignored(ArgState *s) {
  for (const char *const *p = ignored_with_value; *p; p++) {
    const char *v;
    if (take_value(s, *p, false, &v)) return true;
  }
  return false;
}

bool options_parse(Arena *a, int argc, char **argv, Options *o) {
  memset(o, 0, sizeof *o);
  o->opt_level = -1;
  o->cuda_arch = 750;
  const char *keep = getenv("CUWA_KEEP_TEMPS");
  o->keep_temps = keep && strcmp(keep, "1") == 0;
  if (argc == 2 && strcmp(argv[1], "devices") == 0) {
    o->mode = MODE_DEVICES;
    return true;
  }
  ArgState s = {a, argc, 1, argv, false};
  int arch = 0, gencode_arch = 0, fp_set = 0;
  o->prec_div = o->prec_sqrt = true;
  for (int j = 1; j < argc; j++)
    if (strstr(argv[j], "-forward-unknown-") == argv[j] ||
        strstr(argv[j], "--forward-unknown-") == argv[j])
      o->forward_unknown = true;
  for (; s.i < argc; s.i++) {
    const char *arg = argv[s.i];
    if (arg[0] != '-' || arg[1] == 0) {
      vec_push(a, &o->inputs, arg);
    } else if (parse_flag(&s, o) || parse_valued(&s, o, &arch, &gencode_arch) ||
               parse_fp_mode(&s, o, &fp_set) || skip_ignored(&s)) {
      continue;
    } else if (o->forward_unknown) {
      vec_push(a, &o->host_args, arg);
    } else {
      arg_error(&s, "unknown option '%s'", arg);
    }
  }
  if (arch) o->cuda_arch = arch;
  else if (gencode_arch) o->cuda_arch = gencode_arch;
  if (o->fast_math) {  /* nvcc: -ftz=true -prec-div=false -prec-sqrt=false */
    if (!(fp_set & 1)) o->ftz = true;
    if (!(fp_set & 2)) o->prec_div = false;
    if (!(fp_set & 4)) o->prec_sqrt = false;
  }
  return !s.failed;
}

void options_print_help(void) {
  puts("usage: cuwa [options] file...\n"
       "\n"
       "Compiles CUDA (.cu), C and C++ sources like nvcc; the program runs on\n"
       "the CPU (and other devices cuwa supports).\n"
       "\n"
       "  -o FILE              write the output to FILE (default a.out / X.o)\n"
       "  -c, -dc              compile only: one .o per input\n"
       "  -I DIR, -D X[=V], -U X   preprocessor options (both passes)\n"
       "  -O0..-O3             optimization level (device default -O3)\n"
       "  -g, -G, -lineinfo    debug information (-G: device code at -O0)\n"
       "  -std=c++NN           C++ dialect of host code (default c++17)\n"
       "  -arch=sm_NN          sets __CUDA_ARCH__=NN0 in device code (default 750)\n"
       "  -x cu                treat every source input as CUDA\n"
       "  -Xcompiler A,B       pass options to the host compiler\n"
       "  -Xlinker A,B         pass options to the linker\n"
       "  -L DIR, -l LIB       libraries\n"
       "  --use_fast_math      sinf, expf, ... as __sinf, __expf, ...; implies\n"
       "                       -ftz=true -prec-div=false -prec-sqrt=false\n"
       "  -ftz, -prec-div, -prec-sqrt=true|false  accepted (docs/floating-point.md)\n"
       "  -w                   no warnings\n"
       "  -v                   print the commands cuwa runs\n"
       "  --emit=c|ir|host     print the device C, the IR or the rewritten host code\n"
       "  --version            print the version\n"
       "  cuwa devices         list the devices programs can run on\n"
       "\n"
       "Environment: CUWA_KEEP_TEMPS=1 keeps temporary files; CUWA_CC, CUWA_CXX\n"
       "choose the system compilers (cc, c++); CUWA_MARCH sets -march for\n"
       "device code.");
}
