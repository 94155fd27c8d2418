/* c_checks.c: the checked variant of the C output (cuwa -G, used by
 * CUWA_CHECK=memcheck|initcheck|racecheck; docs/memcheck.md). Each load,
 * store, atomic, memcpy and memset of device code whose pointer does not
 * visibly point into a local variable or a string literal first calls
 * cuwa_check_access (kernel_abi.h) with its size, kind, IR address space,
 * alignment and source site; the access runs only if that returns 1. It
 * prints nothing else: c_print.c and c_fission.c name the variant's
 * functions (suffix _mc) and add the block and barrier calls. */
#include "c_internal.h"

#include <string.h>

/* What p points into, seen through pointer arithmetic and casts. */
static const IrInst *ptr_root(const IrInst *p) {
  while (p->op == IR_PTR_ADD || p->op == IR_MEMBER_PTR || p->op == IR_DECAY ||
         p->op == IR_PTR_CAST)
    p = p->args[0];
  return p;
}

static bool visibly_shared(const IrInst *p) {
  for (;;) {
    if (p->ty->kind == IRT_PTR && p->ty->space == IRS_SHARED) return true;
    if (p->op == IR_GLOBAL) return p->global->space == IRS_SHARED;
    if (p->op == IR_DYN_SHARED) return true;
    if (p->op != IR_PTR_ADD && p->op != IR_MEMBER_PTR && p->op != IR_DECAY && p->op != IR_PTR_CAST)
      return false;
    p = p->args[0];
  }
}

/* Whether an access through p gets a check: not to a local variable
 * (the thread's own, always in bounds of the C object or caught by the C
 * compiler's layout) nor to a string literal. */
bool c_check_wants(CEmit *e, const IrInst *p) {
  if (!e->check) return false;
  const IrInst *r = ptr_root(p);
  return r->op != IR_LOCAL && r->op != IR_STRING;
}

static int log2_align(int a) {
  int k = 0;
  while (a > 1 && k < 15) a >>= 1, k++;
  return k;
}

static const char *site(CEmit *e, const IrInst *at) {
  const char *file = NULL;
  if (e->d && at->loc.file < (uint32_t)e->d->files.len && at->loc.line)
    file = e->d->files.data[at->loc.file]->path;
  if (!file) file = e->m->source_path ? e->m->source_path : "";
  return arena_printf(e->a, "({ static const CuwaCheckSite cuwa_s = {%s, %u, %s}; &cuwa_s; })",
                      c_str(e, file), at->loc.line, c_str(e, e->f->name));
}

/* cuwa_check_access(...) for `size` bytes at `addr` (a C expression). */
static const char *check_call(CEmit *e, const IrInst *at, const IrInst *p, const char *addr,
                              const char *size, int kind, int align) {
  unsigned flags = (unsigned)kind | (visibly_shared(p) ? 8u : 0u) /* CUWA_CHECK_SHARED */ |
                   ((unsigned)log2_align(align) << 4);
  return arena_printf(e->a, "cuwa_check_access(ctx, (const void *)(%s), (size_t)(%s), %uu, %s, tx, ty, tz)",
                      addr, size, flags, site(e, at));
}

void c_print_checked_load(CEmit *e, const IrInst *i) {
  const char *T = c_type(e, i->ty);
  const IrInst *p = i->args[0];
  const char *acc = i->is_volatile ? arena_printf(e->a, "*(volatile %s *)cuwa_ap", T) : "*cuwa_ap";
  c_def(e, i, "({ %s *cuwa_ap = (%s *)%s; %s ? %s : %s; })", T, T, c_val(e, p),
        check_call(e, i, p, "cuwa_ap", arena_printf(e->a, "%d", i->ty->size), 0, i->ty->align),
        acc, c_zero(e, i->ty));
}

void c_print_checked_store(CEmit *e, const IrInst *i) {
  const IrType *t = i->args[1]->ty;
  const char *T = c_type(e, t);
  const IrInst *p = i->args[0];
  c_line(e, "{ %s *cuwa_ap = (%s *)%s; if (%s) *(%s%s *)cuwa_ap = %s; }", T, T, c_val(e, p),
         check_call(e, i, p, "cuwa_ap", arena_printf(e->a, "%d", t->size), 1, t->align),
         i->is_volatile ? "volatile " : "", T, c_val(e, i->args[1]));
}

/* memcpy(dst, src, n) / memset(dst, v, n): both ranges checked. */
void c_print_checked_mem(CEmit *e, const IrInst *i) {
  const char *n = arena_printf(e->a, "(size_t)%s", c_val(e, i->args[2]));
  const char *dst = check_call(e, i, i->args[0], c_val(e, i->args[0]), n, 1, 1);
  if (i->op == IR_MEMSET) {
    c_line(e, "if (%s) memset(%s, (int)%s, %s);", dst, c_val(e, i->args[0]), c_val(e, i->args[1]), n);
    return;
  }
  const char *src = c_check_wants(e, i->args[1])
                        ? check_call(e, i, i->args[1], c_val(e, i->args[1]), n, 0, 1) : "1";
  c_line(e, "if (%s && %s) memcpy(%s, %s, %s);", dst, src, c_val(e, i->args[0]),
         c_val(e, i->args[1]), n);
}

/* An atomic whose C call is `call` (operand 0 is the pointer). */
void c_print_checked_atomic(CEmit *e, const IrInst *i, const char *call) {
  const IrInst *p = i->args[0];
  c_def(e, i, "(%s ? %s : %s)",
        check_call(e, i, p, c_val(e, p), arena_printf(e->a, "%d", i->ty->size), 2, i->ty->align),
        call, c_zero(e, i->ty));
}

static bool c_emit_checked(IrModule *m, const char *unit, Diag *d, StrBuf *out) {
  return c_emit_module(m, unit, d, out, true);
}

/* The C back end that also prints the checked variant of every kernel. */
const Backend backend_c_checked = {"c", c_can_emit, c_emit_checked};
