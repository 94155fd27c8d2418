/* compile.c: the pipeline of one cuwa run. A .cu file goes through two
 * passes, as with nvcc: the device pass runs cuwa's compiler library in
 * this process (preprocess -> parse+sema -> lower -> can_emit -> emit C)
 * and compiles that C with cc; the host pass runs `c++ -E`, rewrites the
 * result (host_rewrite.c) and compiles it with c++. .c/.cpp go to the
 * system compiler, and everything is linked with libcuwa. It does not parse
 * options (options.c) nor rewrite host code itself. */
#include "driver/options.h"
#include "front/preprocess.h"
#include "front/parse.h"
#include "ir/lower.h"
#include "back/back.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* SLEEF (x86-64): the CPU device's vectorizable float math (vmath.c) */
#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<sleef.h>)
#define CUWA_HAVE_SLEEF 1
#endif
#endif

typedef struct Driver {
  Arena *arena;
  const Options *opt;
  const char *include_dir;        /* <prefix>/include */
  const char *device_include_dir; /* <prefix>/include/cuwa/device */
  const char *runtime_lib;        /* <prefix>/lib/libcuwa.a */
  const char *cc, *cxx;           /* system compilers (CUWA_CC, CUWA_CXX) */
  char *tmpdir;                   /* made on first use; NULL before */
  int tmp_count;                  /* files made in tmpdir so far */
  StrVec link_inputs;             /* objects and libraries, in order */
  KernelRequest *reqs;            /* template kernels the host object uses */
  const char **req_symbols;       /* ... and the symbol each one's desc pointer gets */
  int nreqs;
} Driver;

/* ---- files and paths ------------------------------------------------------ */

static bool write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(data, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = false;
  if (!ok) fprintf(stderr, "cuwa: error: cannot write '%s'\n", path);
  return ok;
}

static char *io_read(void *ctx, Arena *a, const char *path, size_t *len) {
  (void)ctx;
  return arena_read_file(a, path, len);
}

/* The install prefix: the binary is <prefix>/bin/cuwa. */
static const char *find_prefix(Arena *a) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return ".";
  exe[n] = 0;
  for (int up = 0; up < 2; up++) {
    char *slash = strrchr(exe, '/');
    if (!slash) return ".";
    *slash = 0;
  }
  return arena_strdup(a, exe[0] ? exe : "/");
}

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static const char *extension(const char *path) {
  const char *base = base_name(path), *dot = strrchr(base, '.');
  return dot ? dot + 1 : "";
}

/* A fresh path in the temporary directory, named after the input. */
static const char *temp_path(Driver *D, const char *input, const char *ext) {
  if (!D->tmpdir) {
    char *t = arena_printf(D->arena, "%s/cuwa-XXXXXX", env_or("TMPDIR", "/tmp"));
    if (!mkdtemp(t)) {
      fprintf(stderr, "cuwa: error: cannot create a temporary directory in %s\n",
              env_or("TMPDIR", "/tmp"));
      return NULL;
    }
    D->tmpdir = t;
  }
  const char *base = base_name(input), *dot = strrchr(base, '.');
  int n = dot ? (int)(dot - base) : (int)strlen(base);
  return arena_printf(D->arena, "%s/%d-%.*s.%s", D->tmpdir, D->tmp_count++, n, base, ext);
}

static void remove_temps(Driver *D) {
  if (!D->tmpdir) return;
  if (D->opt->keep_temps) {
    fprintf(stderr, "cuwa: temporary files kept in %s\n", D->tmpdir);
    D->tmpdir = NULL;
    return;
  }
  DIR *dir = opendir(D->tmpdir);
  if (dir) {
    for (struct dirent *e; (e = readdir(dir));)
      if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
        unlink(arena_printf(D->arena, "%s/%s", D->tmpdir, e->d_name));
    closedir(dir);
  }
  rmdir(D->tmpdir);
  D->tmpdir = NULL;
}

/* 16 hex digits of FNV-1a over the absolute path and the contents: the
 * name both passes give the unit's symbols. */
static const char *unit_hash(Arena *a, const char *path, const char *text, size_t len) {
  char abs[PATH_MAX];
  const char *p = realpath(path, abs) ? abs : path;
  uint64_t h = hash_fnv1a(p, strlen(p), 0);
  h = hash_fnv1a(text, len, h);
  return arena_printf(a, "%016llx", (unsigned long long)h);
}

/* ---- commands -------------------------------------------------------------- */

typedef StrVec Cmd;

static void cmd_add(Driver *D, Cmd *c, const char *arg) { vec_push(D->arena, c, arg); }

static void cmd_addv(Driver *D, Cmd *c, const StrVec *v, const char *prefix) {
  for (int k = 0; k < v->len; k++)
    cmd_add(D, c, prefix ? arena_printf(D->arena, "%s%s", prefix, v->data[k]) : v->data[k]);
}

static bool cmd_run(Driver *D, Cmd *c) {
  vec_push(D->arena, c, NULL);
  return process_run(c->data, D->opt->verbose) == 0;
}

/* -O level of host code: the user's, else none (the compiler's default, as
 * nvcc leaves it). */
static void add_host_opt(Driver *D, Cmd *c) {
  const Options *o = D->opt;
  if (o->opt_level >= 0) cmd_add(D, c, arena_printf(D->arena, "-O%d", o->opt_level));
  if (o->debug) cmd_add(D, c, "-g");
  if (o->no_warnings) cmd_add(D, c, "-w");
}

/* Preprocessor options shared by every host-side compile. */
static void add_host_pp(Driver *D, Cmd *c) {
  cmd_addv(D, c, &D->opt->macro_args, NULL);
  if (D->opt->fast_math) cmd_add(D, c, "-D__USE_FAST_MATH__");
  cmd_addv(D, c, &D->opt->include_dirs, "-I");
  cmd_add(D, c, arena_printf(D->arena, "-I%s", D->include_dir));
}

/* A sanitizer build of cuwa (make SAN=1) builds programs with the same
 * sanitizers, so that its runtime, linked into them, is checked too. */
static void add_sanitize(Driver *D, Cmd *c) {
#ifdef CUWA_SANITIZE
  const char *s = CUWA_SANITIZE;
  while (*s) {
    while (*s == ' ') s++;
    size_t n = strcspn(s, " ");
    if (n) cmd_add(D, c, arena_strndup(D->arena, s, n));
    s += n;
  }
#else
  (void)D;
  (void)c;
#endif
}

static const char *host_std(Driver *D) {
  return arena_printf(D->arena, "-std=%s", D->opt->std ? D->opt->std : "c++17");
}

/* ---- device pass -------------------------------------------------------------- */

/* Collects diagnostics as text instead of printing them: an optional
 * target's problems are reported by the runtime, not at build time. */
static void sink_collect(void *ctx, const char *text) { strbuf_puts(ctx, text); }

/* Appends `text` to out as a C string literal. */
static void put_c_string(StrBuf *out, const char *text) {
  strbuf_putc(out, '"');
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    if (*p == '"' || *p == '\\') strbuf_printf(out, "\\%c", *p);
    else if (*p == '\n') strbuf_puts(out, "\\n\"\n\"");
    else if (*p < 32 || *p >= 127) strbuf_printf(out, "\\%03o", *p);
    else strbuf_putc(out, (char)*p);
  }
  strbuf_putc(out, '"');
}

/* ir_verify after one step of the pipeline that changed the IR (lowering
 * verifies itself; a back end's can_emit raises the IR in place). Always
 * on: it is one linear walk. A failure is an internal compiler error naming
 * the step, reported through d. */
static bool verify_after(IrModule *m, const char *backend, const char *step, Diag *d) {
  char what[96];
  snprintf(what, sizeof what, "the %s back end's %s", backend, step);
  return ir_verify(m, what, d) == 0;
}

/* Lowers prog again and runs one optional back end on the fresh module
 * (each back end raises the IR in place, so none sees another's changes).
 * Returns true with the text in `text`, or false with the diagnostics in
 * `why`; invalid IR (an internal error, never the user's) also goes to
 * stderr and sets *ice. */
static bool emit_target(const Backend *be, Program *prog, const Diag *front, const char *path,
                        const char *unit, unsigned fp_flags, StrBuf *text, StrBuf *why, bool *ice) {
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  d.files = front->files;  /* the front end's files: messages name file:line */
  d.sink = sink_collect;
  d.sink_ctx = why;
  IrModule *m = lower_program(&a, &d, prog, path);
  if (m) m->fp_flags = fp_flags;
  bool ok = m && !d.errors && be->can_emit(m, &d);
  if (ok && !verify_after(m, be->name, "can_emit", &d)) {
    fputs(why->data ? why->data : "", stderr);
    *ice = true;
    ok = false;
  }
  ok = ok && be->emit(m, unit, &d, text) && !d.errors;
  arena_free(&a);
  return ok;
}

/* Appends to the device C the definition of cuwa_target_<name> that the C
 * back end declared (kernel_abi.h, CuwaTargetCode). */
static bool append_target_code(StrBuf *out, const Backend *be, Program *prog, const Diag *front,
                               const char *path,
                               const char *unit, unsigned fp_flags) {
  StrBuf text = {0}, why = {0};
  bool ice = false;
  bool ok = emit_target(be, prog, front, path, unit, fp_flags, &text, &why, &ice);
  strbuf_printf(out, "\nstatic const CuwaTargetCode cuwa_target_%s = {", be->name);
  if (ok) put_c_string(out, text.data ? text.data : "");
  else strbuf_puts(out, "NULL");
  strbuf_puts(out, ", ");
  if (ok) strbuf_puts(out, "NULL");
  else put_c_string(out, why.data ? why.data : "the back end failed without a message\n");
  strbuf_puts(out, "};\n");
  strbuf_free(&text);
  strbuf_free(&why);
  return !ice;
}

static const Backend *find_target(const char *name) {
  for (int i = 0; backend_targets[i]; i++)
    if (strcmp(backend_targets[i]->name, name) == 0) return backend_targets[i];
  return NULL;
}

/* The device pass of one .cu file, in pipeline order. Appends the device
 * C with every optional target's code (or, for --emit=ir/<target>, that
 * text) to out. Diagnostics go to stderr; false after any error. */
static bool device_pass(Driver *D, const char *path, const char *unit, StrBuf *out) {
  const Options *o = D->opt;
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  FileIO io = {io_read, NULL};
  StrVec defines = {0};  /* the user's -D, then the ones cuwa adds */
  for (int k = 0; k < o->defines.len; k++) vec_push(D->arena, &defines, o->defines.data[k]);
  if (o->fast_math) vec_push(D->arena, &defines, "__USE_FAST_MATH__");
  PPOptions pp = {o->include_dirs.data, o->include_dirs.len, D->device_include_dir,
                  defines.data, defines.len, o->undefines.data, o->undefines.len,
                  o->cuda_arch, "cuda_runtime.h"};
  PPResult toks;
  memset(&toks, 0, sizeof toks);
  Program *prog = NULL;
  IrModule *m = NULL;
  const Backend *target = o->emit == EMIT_TARGET ? find_target(o->emit_target) : NULL;
  if (o->emit == EMIT_TARGET && !target) {
    fprintf(stderr, "cuwa: error: unknown --emit kind '%s' (expected c, ir, host", o->emit_target);
    for (int i = 0; backend_targets[i]; i++) fprintf(stderr, ", %s", backend_targets[i]->name);
    fprintf(stderr, ")\n");
    arena_free(&a);
    return false;
  }
  bool ok = preprocess_file(&a, &d, &io, path, &pp, &toks) && !d.errors;  /* lex, preprocess */
  if (ok) prog = parse_program_ex(&a, &d, &toks.tokens, D->reqs, D->nreqs); /* parse, sema */
  ok = ok && prog && !d.errors;
  if (ok) m = lower_program(&a, &d, prog, path);                           /* AST -> IR */
  unsigned fp_flags = (o->ftz ? IR_FP_FTZ : 0) | (o->prec_div ? 0 : IR_FP_APPROX_DIV) |
                      (o->prec_sqrt ? 0 : IR_FP_APPROX_SQRT);
  if (m) m->fp_flags = fp_flags;
  ok = ok && m && !d.errors;
  /* IR passes: none between lowering (which ends with ir_verify) and the
   * back ends (whose can_emit does their own raising first, checked by
   * verify_after; a pass added here gets a verify_after too). */
  if (ok && o->emit == EMIT_IR) {
    ir_print_module(out, m);
  } else if (ok && target) {                     /* --emit=wgsl|ptx: errors are errors */
    ok = target->can_emit(m, &d) && verify_after(m, target->name, "can_emit", &d) &&
         target->emit(m, unit, &d, out);
  } else if (ok) {
    /* -G: every kernel also gets its checked variant (CUWA_CHECK, docs/memcheck.md) */
    const Backend *c = o->device_debug ? &backend_c_checked : &backend_c;
    ok = c->can_emit(m, &d) && verify_after(m, "c", "can_emit", &d) && c->emit(m, unit, &d, out);
    for (int i = 0; ok && backend_targets[i]; i++)
      ok = append_target_code(out, backend_targets[i], prog, &d, path, unit, fp_flags);
    /* the template kernel instances, under the names the host stubs use */
    for (int i = 0; ok && i < D->nreqs; i++)
      strbuf_printf(out, "const CuwaKernelDesc *const cuwa_tkp_%d __asm__(\"%s\") = &cuwa_kernel_%s_%d;\n",
                    i, D->req_symbols[i], unit, D->reqs[i].ordinal);
  }
  ok = ok && !d.errors;
  arena_free(&a);
  return ok;
}

/* C from the back end -> object, with the system C compiler. */
static bool compile_device_c(Driver *D, const char *c_path, const char *obj) {
  const Options *o = D->opt;
  Cmd c = {0};
  cmd_add(D, &c, D->cc);
  cmd_add(D, &c, "-std=gnu11");
  int level = o->device_debug ? 0 : o->opt_level >= 0 ? o->opt_level : 3;
  cmd_add(D, &c, arena_printf(D->arena, "-O%d", level));
  if (o->debug || o->device_debug) cmd_add(D, &c, "-g");
  else if (o->lineinfo) cmd_add(D, &c, "-g1");
  const char *march = getenv("CUWA_MARCH");
  if (march && *march) cmd_add(D, &c, arena_printf(D->arena, "-march=%s", march));
  cmd_add(D, &c, "-fno-strict-aliasing");
  cmd_add(D, &c, "-fwrapv");
  cmd_add(D, &c, "-ffp-contract=off");  /* no FMA fusion: docs/floating-point.md */
#ifdef CUWA_HAVE_SLEEF
  cmd_add(D, &c, "-DCUWA_SLEEF");  /* vectorizable float math: include/cuwa/cpu_math.h */
#endif
  if (o->no_warnings) cmd_add(D, &c, "-w");
  add_sanitize(D, &c);
  cmd_add(D, &c, arena_printf(D->arena, "-I%s", D->include_dir));
  cmd_add(D, &c, "-c");
  cmd_add(D, &c, c_path);
  cmd_add(D, &c, "-o");
  cmd_add(D, &c, obj);
  return cmd_run(D, &c);
}

/* ---- host pass ------------------------------------------------------------------ */

/* `c++ -E` of the .cu with cuwa's headers; CUDA's specifiers stay as they
 * are (cuda_runtime.h only defines them away under __CUWA_HOST_FINAL__). */
static bool preprocess_host(Driver *D, const char *path, const char *out) {
  Cmd c = {0};
  cmd_add(D, &c, D->cxx);
  cmd_add(D, &c, "-E");
  cmd_add(D, &c, "-x");
  cmd_add(D, &c, "c++");
  cmd_add(D, &c, host_std(D));
  cmd_add(D, &c, "-D__CUDACC__");
  cmd_add(D, &c, "-D__NVCC__");
  cmd_add(D, &c, "-D__CUWA__");
  cmd_add(D, &c, "-D__CUDACC_VER_MAJOR__=13");
  cmd_add(D, &c, "-D__CUDACC_VER_MINOR__=0");
  cmd_add(D, &c, "-D__CUDACC_VER_BUILD__=0");
  add_host_pp(D, &c);
  add_host_opt(D, &c);
  cmd_addv(D, &c, &D->opt->host_args, NULL);
  cmd_add(D, &c, "-include");
  cmd_add(D, &c, "cuwa/kernel_abi.h");
  cmd_add(D, &c, "-include");
  cmd_add(D, &c, "cuda_runtime.h");
  cmd_add(D, &c, path);
  cmd_add(D, &c, "-o");
  cmd_add(D, &c, out);
  return cmd_run(D, &c);
}

/* -E output -> rewritten host C++ (appended to out). */
static bool rewrite_host(Driver *D, const char *ii_path, const char *unit, StrBuf *out) {
  size_t len;
  char *text = arena_read_file(D->arena, ii_path, &len);
  if (!text) {
    fprintf(stderr, "cuwa: error: cannot read '%s'\n", ii_path);
    return false;
  }
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  bool ok = host_rewrite(&a, &d, text, len, unit, out);
  arena_free(&a);
  return ok;
}

static bool compile_host_ii(Driver *D, const char *ii_path, const char *obj) {
  Cmd c = {0};
  cmd_add(D, &c, D->cxx);
  cmd_add(D, &c, "-x");
  cmd_add(D, &c, "c++-cpp-output");
  cmd_add(D, &c, host_std(D));
  add_host_opt(D, &c);
  add_sanitize(D, &c);
  cmd_addv(D, &c, &D->opt->host_args, NULL);
  cmd_add(D, &c, "-c");
  cmd_add(D, &c, ii_path);
  cmd_add(D, &c, "-o");
  cmd_add(D, &c, obj);
  return cmd_run(D, &c);
}

/* The host pass: .cu -> rewritten host code, or (obj != NULL) its object. */
static bool host_pass(Driver *D, const char *path, const char *unit, StrBuf *text,
                      const char *obj) {
  const char *ii = temp_path(D, path, "ii"), *rewritten = temp_path(D, path, "host.ii");
  if (!ii || !rewritten) return false;
  if (!preprocess_host(D, path, ii) || !rewrite_host(D, ii, unit, text)) return false;
  if (!obj) return true;
  return write_file(rewritten, text->data ? text->data : "", text->len) &&
         compile_host_ii(D, rewritten, obj);
}

/* ---- one input ---------------------------------------------------------------------- */

static bool is_cuda_input(const Driver *D, const char *path) {
  const char *e = extension(path);
  if (strcmp(e, "cu") == 0) return true;
  return D->opt->force_cu && (strcmp(e, "c") == 0 || strcmp(e, "cc") == 0 ||
                              strcmp(e, "cpp") == 0 || strcmp(e, "cxx") == 0 ||
                              strcmp(e, "C") == 0 || strcmp(e, "c++") == 0 ||
                              strcmp(e, "cuh") == 0 || strcmp(e, "h") == 0);
}

static bool is_c_input(const char *path) { return strcmp(extension(path), "c") == 0; }

static bool is_cxx_input(const char *path) {
  const char *e = extension(path);
  return strcmp(e, "cc") == 0 || strcmp(e, "cpp") == 0 || strcmp(e, "cxx") == 0 ||
         strcmp(e, "C") == 0 || strcmp(e, "c++") == 0;
}

/* Reads the undefined symbols of obj (nm -u, demangled if demangle). */
static StrVec undefined_symbols(Driver *D, const char *obj, bool demangle) {
  StrVec syms = {0};
  const char *out = temp_path(D, obj, demangle ? "nmC" : "nm");
  Cmd c = {0};
  cmd_add(D, &c, env_or("CUWA_NM", "nm"));
  cmd_add(D, &c, "-u");
  if (demangle) cmd_add(D, &c, "-C");
  cmd_add(D, &c, obj);
  vec_push(D->arena, &c, NULL);
  size_t len;
  char *text = out && process_run_to(c.data, D->opt->verbose, out) == 0 ? arena_read_file(D->arena, out, &len) : NULL;
  for (char *line = text; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    char *u = strstr(line, "U ");
    if (u) vec_push(D->arena, &syms, u + 2);
    line = nl ? nl + 1 : line + strlen(line);
  }
  return syms;
}

/* The template kernel instances the host object refers to: its undefined
 * symbols `cuwa_tk_<unit>_<n><args>::desc` (see host_rewrite.c). */
static void find_kernel_requests(Driver *D, const char *host_o, const char *unit) {
  StrVec raw = undefined_symbols(D, host_o, false), dem = undefined_symbols(D, host_o, true);
  const char *prefix = arena_printf(D->arena, "cuwa_tk_%s_", unit);
  D->nreqs = 0;
  D->reqs = ARENA_ARRAY(D->arena, KernelRequest, raw.len + 1);
  D->req_symbols = ARENA_ARRAY(D->arena, const char *, raw.len + 1);
  for (int i = 0; i < raw.len && i < dem.len; i++) {
    const char *t = strstr(dem.data[i], prefix);
    size_t dl = strlen(dem.data[i]);
    if (!t || dl < 7 || strcmp(dem.data[i] + dl - 7, ">::desc") != 0) continue;
    char *end;
    long n = strtol(t + strlen(prefix), &end, 10);
    if (*end != '<') continue;
    KernelRequest *r = &D->reqs[D->nreqs];
    r->template_index = (int)n;
    r->args = arena_strndup(D->arena, end + 1, (size_t)(dem.data[i] + dl - 7 - (end + 1)));
    r->ordinal = -1;
    D->req_symbols[D->nreqs++] = raw.data[i];
  }
}

/* .cu -> device object + host object. */
static bool compile_cu(Driver *D, const char *path, const char *dev_o, const char *host_o) {
  size_t len;
  char *src = arena_read_file(D->arena, path, &len);
  if (!src) {
    fprintf(stderr, "cuwa: error: cannot read '%s'\n", path);
    return false;
  }
  const char *unit = unit_hash(D->arena, path, src, len);
  StrBuf dev = {0}, host = {0};
  const char *dev_c = temp_path(D, path, "dev.c");
  D->nreqs = 0;
  bool ok = dev_c && device_pass(D, path, unit, &dev) &&
            write_file(dev_c, dev.data ? dev.data : "", dev.len) &&
            compile_device_c(D, dev_c, dev_o) && host_pass(D, path, unit, &host, host_o);
  if (ok && host.data && strstr(host.data, arena_printf(D->arena, "struct cuwa_tk_%s_", unit))) {
    /* template kernels: the device pass again, with the instances the
     * host object uses (docs/architecture.md, "Template kernels") */
    find_kernel_requests(D, host_o, unit);
    dev.len = 0;
    ok = device_pass(D, path, unit, &dev) && write_file(dev_c, dev.data ? dev.data : "", dev.len) &&
         compile_device_c(D, dev_c, dev_o);
    D->nreqs = 0;
  }
  strbuf_free(&dev);
  strbuf_free(&host);
  return ok;
}

/* .c / .cpp -> object with the system compiler and cuwa's headers. */
static bool compile_plain(Driver *D, const char *path, const char *obj) {
  Cmd c = {0};
  bool cxx = is_cxx_input(path);
  cmd_add(D, &c, cxx ? D->cxx : D->cc);
  if (cxx) cmd_add(D, &c, host_std(D));
  add_host_pp(D, &c);
  add_host_opt(D, &c);
  add_sanitize(D, &c);
  cmd_addv(D, &c, &D->opt->host_args, NULL);
  cmd_add(D, &c, "-c");
  cmd_add(D, &c, path);
  cmd_add(D, &c, "-o");
  cmd_add(D, &c, obj);
  return cmd_run(D, &c);
}

/* Combines a unit's device and host objects into one (-c output). */
static bool merge_objects(Driver *D, const char *a, const char *b, const char *out) {
  Cmd c = {0};
  cmd_add(D, &c, "ld");
  cmd_add(D, &c, "-r");
  cmd_add(D, &c, a);
  cmd_add(D, &c, b);
  cmd_add(D, &c, "-o");
  cmd_add(D, &c, out);
  return cmd_run(D, &c);
}

/* x.cu -> x.o in the current directory (as nvcc -c names it). */
static const char *default_object(Driver *D, const char *path) {
  const char *base = base_name(path), *dot = strrchr(base, '.');
  int n = dot ? (int)(dot - base) : (int)strlen(base);
  return arena_printf(D->arena, "%.*s.o", n, base);
}

/* Compiles one input; for -c writes `out`, otherwise adds objects to the
 * link. Link inputs (.o, .a, ...) only go to the link. */
static bool compile_input(Driver *D, const char *path, const char *out) {
  bool link = !D->opt->compile_only;
  if (is_cuda_input(D, path)) {
    const char *dev = temp_path(D, path, "dev.o"), *host = temp_path(D, path, "host.o");
    if (!dev || !host || !compile_cu(D, path, dev, host)) return false;
    if (link) {
      vec_push(D->arena, &D->link_inputs, dev);
      vec_push(D->arena, &D->link_inputs, host);
      return true;
    }
    return merge_objects(D, dev, host, out);
  }
  if (is_c_input(path) || is_cxx_input(path)) {
    const char *obj = link ? temp_path(D, path, "o") : out;
    if (!obj || !compile_plain(D, path, obj)) return false;
    if (link) vec_push(D->arena, &D->link_inputs, obj);
    return true;
  }
  if (link) vec_push(D->arena, &D->link_inputs, path);
  return true;
}

static bool link_program(Driver *D) {
  const Options *o = D->opt;
  Cmd c = {0};
  cmd_add(D, &c, D->cxx);
  if (o->shared) cmd_add(D, &c, "-shared");
  if (o->debug) cmd_add(D, &c, "-g");
  add_sanitize(D, &c);
  cmd_addv(D, &c, &o->host_args, NULL);
  cmd_add(D, &c, "-o");
  cmd_add(D, &c, o->output ? o->output : "a.out");
  cmd_addv(D, &c, &D->link_inputs, NULL);
  cmd_addv(D, &c, &o->lib_dirs, "-L");
  for (int k = 0; k < o->linker_args.len; k++) {
    cmd_add(D, &c, "-Xlinker");
    cmd_add(D, &c, o->linker_args.data[k]);
  }
  for (int k = 0; k < o->libs.len; k++) {
    const char *l = o->libs.data[k];
    /* libcuwa is the CUDA runtime: programs that name cudart get it */
    if (strcmp(l, "cudart") && strcmp(l, "cudart_static") && strcmp(l, "cudadevrt"))
      cmd_add(D, &c, arena_printf(D->arena, "-l%s", l));
  }
  cmd_add(D, &c, D->runtime_lib);
#ifdef CUWA_HAVE_SLEEF
  /* the vector math of src/runtime/cpu/vmath.c, only where device code calls it */
  cmd_add(D, &c, "-Wl,--as-needed");
  cmd_add(D, &c, "-lsleef");
  cmd_add(D, &c, "-Wl,--no-as-needed");
#endif
  cmd_add(D, &c, "-lpthread");
  cmd_add(D, &c, "-lm");
  cmd_add(D, &c, "-ldl");
  return cmd_run(D, &c);
}

/* ---- modes ------------------------------------------------------------------------- */

/* --emit=c|ir|host of the one .cu input, to stdout or -o. */
static bool emit_one(Driver *D, const char *path) {
  const Options *o = D->opt;
  size_t len;
  char *src = arena_read_file(D->arena, path, &len);
  if (!src) {
    fprintf(stderr, "cuwa: error: cannot read '%s'\n", path);
    return false;
  }
  const char *unit = unit_hash(D->arena, path, src, len);
  StrBuf out = {0};
  bool ok = o->emit == EMIT_HOST ? host_pass(D, path, unit, &out, NULL)
                                 : device_pass(D, path, unit, &out);
  remove_temps(D);  /* before writing: a reader may close the pipe early */
  if (ok && o->output) ok = write_file(o->output, out.data ? out.data : "", out.len);
  else if (ok) fwrite(out.data ? out.data : "", 1, out.len, stdout);
  strbuf_free(&out);
  return ok;
}

/* -dlink: nvcc's device link step makes an object that the final link
 * needs; cuwa's units are complete, so this is an empty object. */
static bool device_link(Driver *D) {
  const char *c = temp_path(D, "dlink", "c");
  if (!c || !write_file(c, "typedef int cuwa_dlink_unit;\n", 29)) return false;
  Cmd cmd = {0};
  cmd_add(D, &cmd, D->cc);
  cmd_add(D, &cmd, "-c");
  cmd_add(D, &cmd, c);
  cmd_add(D, &cmd, "-o");
  cmd_add(D, &cmd, D->opt->output ? D->opt->output : "a_dlink.o");
  return cmd_run(D, &cmd);
}

/* Checks the inputs before anything runs. */
static bool check_inputs(Driver *D) {
  const Options *o = D->opt;
  if (o->inputs.len == 0) {
    fprintf(stderr, "cuwa: error: no input files\n");
    return false;
  }
  bool ok = true;
  for (int k = 0; k < o->inputs.len; k++) {
    struct stat st;
    if (stat(o->inputs.data[k], &st) != 0) {
      fprintf(stderr, "cuwa: error: no such file or directory: '%s'\n", o->inputs.data[k]);
      ok = false;
    }
  }
  int sources = 0;
  for (int k = 0; k < o->inputs.len; k++)
    if (is_cuda_input(D, o->inputs.data[k]) || is_c_input(o->inputs.data[k]) ||
        is_cxx_input(o->inputs.data[k]))
      sources++;
  if (ok && o->output && (o->compile_only || o->emit) && sources > 1) {
    fprintf(stderr, "cuwa: error: cannot specify -o when generating multiple output files\n");
    ok = false;
  }
  if (ok && o->emit && (o->inputs.len != 1 || !is_cuda_input(D, o->inputs.data[0]))) {
    fprintf(stderr, "cuwa: error: --emit needs exactly one .cu input\n");
    ok = false;
  }
  return ok;
}

static bool run_build(Driver *D) {
  const Options *o = D->opt;
  if (o->mode == MODE_DLINK) return device_link(D);
  if (!check_inputs(D)) return false;
  if (o->emit) return emit_one(D, o->inputs.data[0]);
  for (int k = 0; k < o->inputs.len; k++) {
    const char *in = o->inputs.data[k];
    const char *out = o->output ? o->output : default_object(D, in);
    if (!compile_input(D, in, out)) return false;
  }
  return o->compile_only || link_program(D);
}

int compile_run(Arena *a, const Options *o) {
  Driver D = {0};
  D.arena = a;
  D.opt = o;
  const char *prefix = find_prefix(a);
  D.include_dir = arena_printf(a, "%s/include", prefix);
  D.device_include_dir = arena_printf(a, "%s/include/cuwa/device", prefix);
  D.runtime_lib = arena_printf(a, "%s/lib/libcuwa.a", prefix);
  D.cc = env_or("CUWA_CC", "cc");
  D.cxx = env_or("CUWA_CXX", "c++");
  bool ok = run_build(&D);
  remove_temps(&D);
  return ok ? 0 : 1;
}
