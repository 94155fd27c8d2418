/* lower.h: AST -> IR (lower.c, lower_expr.c, lower_stmt.c). Lowers the
 * kernels of a parsed unit, the device functions they reach and the
 * __device__/__constant__ variables of the unit, then runs ir_verify.
 * Host-only functions and unreachable device functions are not lowered. */
#ifndef CUWA_LOWER_H
#define CUWA_LOWER_H

#include "../front/ast.h"
#include "ir.h"

/* NULL on error (each one diagnosed through d). */
IrModule *lower_program(Arena *a, Diag *d, Program *p, const char *source_path);

#endif
