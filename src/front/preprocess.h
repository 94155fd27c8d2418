/* preprocess.h: the C preprocessor of the device pass (chibicc preprocess.c
 * model): #include, #define (object- and function-like, __VA_ARGS__,
 * __VA_OPT__, # and ##), #undef, #if/#ifdef/#ifndef/#elif/#else/#endif with
 * defined() and __has_include, #error, #warning, #line, #pragma (unroll and
 * once understood; others ignored), _Pragma, __FILE__/__LINE__/__COUNTER__.
 * Output: the token stream the parser reads, identifiers turned into
 * keywords (lex_keyword), adjacent string literals NOT yet concatenated
 * (the parser does that), ending in TK_EOF. */
#ifndef CUWA_PREPROCESS_H
#define CUWA_PREPROCESS_H

#include "token.h"

/* All file access goes through this (the compiler library does no I/O of
 * its own, so it also runs in a browser). Returns a malloc'd or arena
 * buffer with *len set, or NULL if the file does not exist. */
typedef struct FileIO {
  char *(*read)(void *ctx, Arena *a, const char *path, size_t *len);
  void *ctx;
} FileIO;

typedef struct PPOptions {
  const char **include_dirs;   /* -I, in order, searched for "" and <> */
  int include_dir_count;
  const char *device_include_dir; /* cuwa's own device headers
                                     (include/cuwa/device): searched after -I
                                     for <> and "" */
  const char **defines;        /* -D: "NAME" or "NAME=VALUE", in order */
  int define_count;
  const char **undefines;      /* -U NAME */
  int undefine_count;
  int cuda_arch;               /* __CUDA_ARCH__ value, e.g. 750 */
  const char *implicit_include;/* included before the file, e.g.
                                  "cuda_runtime.h" (nvcc does this) */
} PPOptions;

typedef struct PPResult {
  TokenVec tokens;             /* the parser's input */
  Vec(const char *) host_headers;  /* <iostream>-like headers that were not
                                      found in -I or the device headers and
                                      so were skipped as host-only */
  Vec(Loc) host_header_locs;   /* where each was included */
} PPResult;

/* Preprocesses `path` (contents read through io). Errors go to d; returns
 * false if any error was reported. A header that is found nowhere is not an
 * error in the device pass: host code may include system headers that only
 * the host compiler has; it is recorded in host_headers and skipped. */
bool preprocess_file(Arena *a, Diag *d, const FileIO *io, const char *path,
                     const PPOptions *opt, PPResult *out);

#endif
