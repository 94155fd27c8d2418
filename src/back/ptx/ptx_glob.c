/* ptx_glob.c: which generic pointers of a function point to global memory
 * (kernel pointer parameters, as nvcc assumes, and what is computed from
 * them: element and member addresses, selects, locals holding only such
 * pointers), so that loads and stores through them become ld.global and
 * st.global (LDG/STG instead of generic LD/ST). Conservative: pointers
 * loaded from memory or returned by calls are not known. Prints nothing. */
#include "ptx_internal.h"

typedef struct GlobScan {
  const IrFunc *f;
  const bool *escapes;    /* by local id: address taken (not promoted) */
  const bool *arg_glob;   /* by parameter index, NULL: none known */
  bool entry;             /* the kernel's own parameters */
  bool *glob;             /* by inst id: the value points to global memory */
  bool *content;          /* by local id: every value stored there does */
  bool changed;
} GlobScan;

static bool is_generic_ptr(const IrType *t) { return t->kind == IRT_PTR && t->space == IRS_GENERIC; }

static bool promoted_local(GlobScan *s, const IrInst *p) {
  return p->op == IR_LOCAL && !s->escapes[p->id];
}

static bool value_glob(GlobScan *s, const IrInst *i) {
  switch (i->op) {
  case IR_PARAM:
    if (!is_generic_ptr(i->ty)) return false;
    if (s->entry) return true;
    return s->arg_glob && s->arg_glob[i->imm];
  case IR_PTR_ADD: case IR_MEMBER_PTR: case IR_DECAY:
    return s->glob[i->args[0]->id];
  case IR_PTR_CAST:
    if (i->args[0]->ty->space == IRS_GLOBAL) return true;
    return i->args[0]->ty->space == IRS_GENERIC && s->glob[i->args[0]->id];
  case IR_SELECT:
    return s->glob[i->args[1]->id] && s->glob[i->args[2]->id];
  case IR_LOAD:
    return promoted_local(s, i->args[0]) && s->content[i->args[0]->id];
  default:
    return false;
  }
}

static void scan_block(GlobScan *s, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->ty && is_generic_ptr(i->ty)) {
      bool g = value_glob(s, i);
      if (!g && s->glob[i->id]) {
        s->glob[i->id] = false;
        s->changed = true;
      }
    }
    if (i->op == IR_STORE && promoted_local(s, i->args[0]) && s->content[i->args[0]->id] &&
        !(is_generic_ptr(i->args[1]->ty) && s->glob[i->args[1]->id])) {
      s->content[i->args[0]->id] = false;
      s->changed = true;
    }
    scan_block(s, &i->blocks[0]);
    scan_block(s, &i->blocks[1]);
    for (int c = 0; c < i->case_count; c++) scan_block(s, &i->cases[c].body);
  }
}

/* Optimistic fixpoint: everything starts global and loses it for good. */
bool *ptx_glob_analyze(Arena *a, const IrFunc *f, const bool *escapes, bool entry,
                       const bool *arg_glob) {
  GlobScan s = {f, escapes, arg_glob, entry, ARENA_ARRAY(a, bool, f->next_id + 1),
                ARENA_ARRAY(a, bool, f->next_id + 1), true};
  for (uint32_t k = 0; k <= f->next_id; k++) s.glob[k] = s.content[k] = true;
  while (s.changed) {
    s.changed = false;
    scan_block(&s, &f->body);
  }
  return s.glob;
}
