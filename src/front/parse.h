/* parse.h: the parser and type checker of CUDA device code (a recursive
 * descent parser in chibicc's style with sema done as nodes are built).
 * In: the preprocessed tokens (keywords already converted, adjacent string
 * literals not yet concatenated). Out: the typed AST of ast.h, with every
 * implicit conversion explicit. Host-only code is skipped by balanced
 * tokens and remembered in Program.host_names. */
#ifndef CUWA_PARSE_H
#define CUWA_PARSE_H

#include "ast.h"

/* Parses a whole translation unit. Errors are reported to d and counted
 * there (parsing goes on after errors, resyncing at ';', '}' and the next
 * declaration); the caller checks d->errors. Returns NULL only when
 * nothing could be parsed at all. */
Program *parse_program(Arena *a, Diag *d, const TokenVec *toks);

/* A template kernel instantiation that host code uses (the driver finds
 * them in the host object, see docs/architecture.md "Template kernels"). */
typedef struct KernelRequest {
  int template_index;  /* the n-th `template ... __global__` definition */
  const char *args;    /* its template arguments as C++ text: "float, 256" */
  int ordinal;         /* out: the instantiated kernel's ordinal, or -1 */
} KernelRequest;

/* parse_program, then instantiates each requested template kernel after
 * the whole unit (so they take ordinals after every plain kernel). */
Program *parse_program_ex(Arena *a, Diag *d, const TokenVec *toks,
                          KernelRequest *reqs, int nreqs);

/* Appends a readable dump of the typed AST (ast_dump.c; for tests and
 * debugging). */
void ast_dump(StrBuf *b, Program *prog);
void ast_dump_node(StrBuf *b, Node *n, int indent);

#endif
