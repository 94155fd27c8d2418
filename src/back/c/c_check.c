/* c_check.c: can_emit of the C back end (tint CanGenerate): walks the whole
 * module and reports every construct the CPU C output cannot express yet,
 * each at its Loc, so that c_print.c never meets one. Also defines
 * backend_c. It prints no C. */
#include "c_internal.h"

typedef struct CCheck {
  IrModule *m;
  Diag *d;
  int errors;
  bool half_reported;
  const IrFunc *f;  /* the function being checked */
} CCheck;

static void report(CCheck *c, Loc loc, const char *what) {
  diag_unsupported(c->d, loc, what);
  c->errors++;
}

static bool type_has_half(const IrType *t) {
  switch (t->kind) {
  case IRT_F16: return true;
  case IRT_PTR: return false;  /* a pointer to halves moves bytes only */
  case IRT_ARRAY: return type_has_half(t->elem);
  case IRT_STRUCT:
    for (int i = 0; i < t->field_count; i++)
      if (type_has_half(t->fields[i].ty)) return true;
    return false;
  default: return false;
  }
}

static void check_block(CCheck *c, const IrBlock *b);

static void check_inst(CCheck *c, const IrInst *i) {
  if (!c->half_reported && type_has_half(i->ty)) {
    report(c, i->loc, "half-precision arithmetic on the cpu back end");
    c->half_reported = true;
  }
  check_block(c, &i->blocks[0]);
  check_block(c, &i->blocks[1]);
  for (int k = 0; k < i->case_count; k++) check_block(c, &i->cases[k].body);
}

static void check_block(CCheck *c, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) check_inst(c, i);
}

/* C can only express layouts where each field sits at or after its natural
 * aligned position (explicit padding covers the rest): no packing. */
static void check_struct_layout(CCheck *c, const IrType *t) {
  int cur = 0;
  for (int i = 0; i < t->field_count; i++) {
    const IrField *f = &t->fields[i];
    int a = f->ty->align > 0 ? f->ty->align : 1;
    bool bad = f->offset % a != 0 || (!t->is_union && f->offset < cur) ||
               (t->is_union && f->offset != 0);
    if (bad) {
      report(c, (Loc){0}, arena_printf(c->m->arena, "the packed layout of '%s'", t->name));
      return;
    }
    if (!t->is_union) cur = f->offset + f->ty->size;
  }
}

bool c_can_emit(IrModule *m, Diag *d) {
  CCheck c = {.m = m, .d = d};
  if (!c_lower_module(m, d) || ir_verify(m, "the c back end's inlining", d) != 0) return false;
  for (int i = 0; i < m->structs.len; i++) check_struct_layout(&c, m->structs.data[i]);
  for (int i = 0; i < m->globals.len; i++) {
    const IrGlobal *g = m->globals.data[i];
    if (g->is_extern && !g->is_dynamic_shared)
      report(&c, g->loc, "an extern device variable (separate compilation)");
  }
  for (int i = 0; i < m->funcs.len; i++) {
    c.f = m->funcs.data[i];
    /* barrier users were inlined into the kernels and are not printed */
    if (!c.f->is_kernel && c.f->uses_barrier) continue;
    check_block(&c, &c.f->body);
  }
  return c.errors == 0;
}

const Backend backend_c = {"c", c_can_emit, c_emit};
