/* options.h: the driver's view of an nvcc-style command line, and the
 * pieces of the driver that share it (option parsing, host rewrite, the
 * pipeline, processes). Parsing only fills Options; it runs nothing. The
 * driver is not part of the compiler library: it may do I/O and spawn. */
#ifndef CUWA_DRIVER_OPTIONS_H
#define CUWA_DRIVER_OPTIONS_H

#include "util/util.h"

#define CUWA_VERSION "0.1.0"

typedef enum {
  MODE_BUILD,    /* compile and (unless -c) link */
  MODE_VERSION,  /* --version */
  MODE_HELP,     /* --help */
  MODE_DEVICES,  /* cuwa devices */
  MODE_DLINK,    /* -dlink: a device link step; cuwa needs none */
} DriverMode;

typedef enum {
  EMIT_NONE,
  EMIT_C,     /* --emit=c: the device C of the CPU back end */
  EMIT_IR,    /* --emit=ir: the IR after lowering */
  EMIT_HOST,  /* --emit=host: the rewritten host code */
  EMIT_TARGET,/* --emit=<name> of one of backend_targets (wgsl, ptx) */
} EmitKind;

typedef Vec(const char *) StrVec;

typedef struct Options {
  DriverMode mode;
  EmitKind emit;
  const char *emit_target;  /* EMIT_TARGET: the back end's name */
  StrVec inputs;        /* in command-line order */
  const char *output;   /* -o, or NULL */
  bool compile_only;    /* -c / -dc */
  bool force_cu;        /* -x cu: every source input is CUDA */
  StrVec include_dirs;  /* -I */
  StrVec macro_args;    /* "-DX=1" / "-UX" in order, for the host -E step */
  StrVec defines;       /* -D values, for the device preprocessor */
  StrVec undefines;     /* -U values */
  int opt_level;        /* -O<n>; -1 when not given */
  bool debug;           /* -g */
  bool device_debug;    /* -G */
  bool lineinfo;        /* -lineinfo */
  const char *std;      /* -std=c++NN value, or NULL (c++17) */
  int cuda_arch;        /* __CUDA_ARCH__ of the device pass, e.g. 750 */
  StrVec host_args;     /* -Xcompiler, split at commas */
  StrVec linker_args;   /* -Xlinker, split at commas */
  StrVec lib_dirs;      /* -L */
  StrVec libs;          /* -l */
  bool fast_math;       /* --use_fast_math: defines __USE_FAST_MATH__ (the
                           device headers then map sinf, expf, ... to the
                           __ intrinsics) and implies the three below */
  bool ftz;             /* -ftz=true: flush denormals (docs/floating-point.md
                           says what each device does with it) */
  bool prec_div;        /* -prec-div (default true): IEEE division */
  bool prec_sqrt;       /* -prec-sqrt (default true): IEEE sqrtf */
  bool no_warnings;     /* -w */
  bool verbose;         /* -v: print each command before running it */
  bool keep_temps;      /* -keep or CUWA_KEEP_TEMPS=1 */
  bool shared;          /* -shared: link a shared library */
  bool forward_unknown; /* -forward-unknown-to-host-compiler */
} Options;

/* Fills o from argv. Prints "cuwa: error: ..." and returns false on a bad
 * command line. */
bool options_parse(Arena *a, int argc, char **argv, Options *o);
void options_print_help(void);

/* compile.c: runs the whole job Options describes (both passes of every
 * .cu, the host compiler for .c/.cpp, the link). Returns the exit code. */
int compile_run(Arena *a, const Options *o);

/* process.c: runs argv (argv[0] looked up in PATH) and waits. Returns the
 * exit status, or -1 (after printing why) if it could not be started or was
 * killed by a signal. With verbose, prints the command first. */
int process_run(const char *const *argv, bool verbose);
/* process_run with the tool's stdout written to stdout_path (if not NULL). */
int process_run_to(const char *const *argv, bool verbose, const char *stdout_path);

/* host_rewrite.c: rewrites host code that `c++ -E` produced (line markers
 * kept): kernels become launch stubs, device-only functions go away,
 * device variables become registered shadows, <<<>>> becomes a call.
 * unit is the unit hash. Errors go to d (located through the line
 * markers); returns false if any. */
bool host_rewrite(Arena *a, Diag *d, const char *text, size_t len,
                  const char *unit, StrBuf *out);

#endif
