/* wgsl_check.c: analysis and can_emit of the WGSL back end (tint
 * CanGenerate). Decides where every local lives (a WGSL var, or the flat
 * private array when its address escapes), lays out globals, frames and
 * shared memory, infers the memory space of every generic pointer, and
 * reports each construct WGSL output cannot express, at its Loc. It prints
 * no WGSL; wgsl_print.c does, from the facts computed here. */
#include "wgsl_internal.h"
#include "wgsl_print.h"

#include <string.h>

static const char *const TARGET = "webgpu";

WgslInst *wgsl_inst(const IrInst *i) { return i->aux; }

static int space_bit(IrSpace s) {
  switch (s) {
  case IRS_GLOBAL:
  case IRS_CONSTANT: return WS_HEAP;
  case IRS_SHARED: return WS_SHARED;
  case IRS_LOCAL: return WS_LOCAL;
  case IRS_GENERIC: return 0;
  default: ICE("bad address space %d", s);
  }
}

/* The spaces a pointer value may point into: from its type when the type
 * names a space, else from inference. */
static int spaces_of(const IrInst *v) {
  if (v->ty->kind != IRT_PTR) return 0;
  int b = space_bit(v->ty->space);
  return b ? b : wgsl_inst(v)->spaces;
}

int wgsl_space_of(const IrInst *ptr) {
  int s = spaces_of(ptr);
  return (s & (s - 1)) ? WS_GENERIC : s;
}

static int align_up(int x, int a) { return a > 1 ? (x + a - 1) / a * a : x; }

int wgsl_param_offset(const IrFunc *k, int index) {
  int off = 0;
  for (int i = 0; i <= index; i++) {
    off = align_up(off, k->params[i]->align);
    if (i < index) off += k->params[i]->size;
  }
  return off;
}

/* The record of f: ids are dense unless a pass removed functions. */
WgslFuncInfo *wgsl_func_info(WgslInfo *w, const IrFunc *f) {
  IrModule *m = w->m;
  if (f->id < (uint32_t)m->funcs.len && m->funcs.data[f->id] == f) return &w->funcs[f->id];
  for (int k = 0; k < m->funcs.len; k++)
    if (m->funcs.data[k] == f) return &w->funcs[k];
  ICE("function %s is not in its module", f->name);
}
#define finfo wgsl_func_info

/* ---- reporting ------------------------------------------------------------ */

static void report(WgslInfo *w, Loc loc, const char *what) {
  diag_unsupported_on(w->d, loc, TARGET, what);
  w->errors++;
}

/* Why values of type t cannot exist in WGSL output, or NULL. */
static const char *type_problem(const IrType *t) {
  switch (t->kind) {
  case IRT_F16: return "half precision (__half) arithmetic";
  case IRT_F64: return "double precision arithmetic (WGSL has no f64)";
  case IRT_ARRAY: return type_problem(t->elem);
  case IRT_STRUCT:
    if (t->is_union) return "a union";
    for (int i = 0; i < t->field_count; i++) {
      const char *p = type_problem(t->fields[i].ty);
      if (p) return p;
    }
    return NULL;
  default: return NULL;
  }
}

static bool intrinsic_supported(IrIntrinsic id) {
  IrIntrinsicClass c = ir_intrinsic_class(id);
  /* atomics: wgsl_atomic.c prints every row but double's (no f64) */
  if (c == INC_ATOMIC) return id != IN_ATOMIC_ADD_D;
  /* collectives: wgsl_warp.c (not on doubles) */
  if (c == INC_WARP || c == INC_BLOCK) return wgsl_warp_supported(id);
  /* What the printer has no pattern for is unsupported, whatever it is:
   * can_emit and the printer cannot disagree (a new intrinsic row is
   * reported here until this back end learns it). */
  const char *helper;
  if (!wgsl_intrinsic_pattern(id, &helper)) return false;
  switch (id) {
  case IN_ERFF: case IN_ERFCF: case IN_CLOCK: case IN_CLOCK64: case IN_MIN_D:
  case IN_MAX_D: case IN_DOUBLE_AS_LONGLONG: case IN_LONGLONG_AS_DOUBLE:
  case IN_DOUBLE2HIINT: case IN_DOUBLE2LOINT:
    return false;
  default: {
    /* every double-precision row */
    const char *sig = ir_intrinsic_signature(id);
    return !strchr(sig, 'd');
  }
  }
}

/* ---- pass 1: per-instruction records, local classification ---------------- */

static void attach_block(WgslInfo *w, IrBlock *b);

static void attach_inst(WgslInfo *w, IrInst *i) {
  i->aux = arena_alloc(w->m->arena, sizeof(WgslInst));
  memset(i->aux, 0, sizeof(WgslInst));
  attach_block(w, &i->blocks[0]);
  attach_block(w, &i->blocks[1]);
  for (int k = 0; k < i->case_count; k++) attach_block(w, &i->cases[k].body);
}

static void attach_block(WgslInfo *w, IrBlock *b) {
  for (IrInst *i = b->first; i; i = i->next) attach_inst(w, i);
}

static void count_uses_block(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    for (int k = 0; k < i->arg_count; k++) {
      WgslInst *x = wgsl_inst(i->args[k]);
      x->uses++;
      if (i->op == IR_PRINTF) x->printf_uses++;
      if (i->op == IR_STORE && k == 1 && i->args[0]->op == IR_LOCAL) x->slot_uses++;
    }
    count_uses_block(&i->blocks[0]);
    count_uses_block(&i->blocks[1]);
    for (int k = 0; k < i->case_count; k++) count_uses_block(&i->cases[k].body);
  }
}

/* A double or string that is only printed: printf gets its bits (the
 * host formats it); no double arithmetic happens on the device. */
static bool printf_only(const IrInst *i) {
  WgslInst *x = wgsl_inst(i);
  if (!x || !x->uses) return false;
  if (i->op == IR_STRING) return x->uses == x->printf_uses;
  /* a double parameter copied to its local, then printed */
  if (i->ty->kind != IRT_F64 || x->uses != x->printf_uses + x->slot_uses) return false;
  return i->op == IR_CONST || i->op == IR_PARAM || i->op == IR_LOAD ||
         (i->op == IR_CONV && i->args[0]->ty->kind == IRT_F32);
}

/* A local stays a WGSL var only if it is used as the address of loads and
 * stores; any other use (member, decay, cast, call argument) escapes it. */
static void mark_escapes_block(IrBlock *b);

static void mark_escapes(IrInst *i) {
  for (int k = 0; k < i->arg_count; k++) {
    IrInst *a = i->args[k];
    if (a->op != IR_LOCAL) continue;
    bool direct = k == 0 && (i->op == IR_LOAD || i->op == IR_STORE);
    if (!direct) wgsl_inst(a)->flat = true;
  }
  mark_escapes_block(&i->blocks[0]);
  mark_escapes_block(&i->blocks[1]);
  for (int k = 0; k < i->case_count; k++) mark_escapes_block(&i->cases[k].body);
}

static void mark_escapes_block(IrBlock *b) {
  for (IrInst *i = b->first; i; i = i->next) mark_escapes(i);
}

static void layout_frame(WgslInfo *w, IrFunc *f) {
  int off = 0;
  for (int k = 0; k < f->local_count; k++) {
    WgslInst *li = wgsl_inst(f->locals[k]);
    if (!li->flat) continue;
    const IrType *t = f->locals[k]->ty->elem;
    off = align_up(off, t->align < 4 ? 4 : t->align);
    li->offset = off;
    off += t->size;
  }
  finfo(w, f)->frame_size = align_up(off, 4);
}

/* ---- pass 2: memory spaces of generic pointers (fixed point) -------------- */

static void join(WgslInfo *w, int *dst, int bits) {
  if ((*dst | bits) != *dst) {
    *dst |= bits;
    w->changed = true;
  }
}

static void infer_block(WgslInfo *w, IrFunc *f, IrBlock *b);

static void infer_inst(WgslInfo *w, IrFunc *f, IrInst *i) {
  WgslInst *x = wgsl_inst(i);
  switch (i->op) {
  case IR_PARAM:
    if (i->ty->kind == IRT_PTR)
      join(w, &x->spaces, f->is_kernel ? WS_HEAP : finfo(w, f)->param_spaces[i->imm]);
    break;
  case IR_LOAD:
    if (i->ty->kind == IRT_PTR)
      join(w, &x->spaces, i->args[0]->op == IR_LOCAL ? wgsl_inst(i->args[0])->spaces
                                                    : (w->mem_spaces | WS_HEAP));
    break;
  case IR_STORE:
    if (i->args[1]->ty->kind == IRT_PTR) {
      if (i->args[0]->op == IR_LOCAL) join(w, &wgsl_inst(i->args[0])->spaces, spaces_of(i->args[1]));
      else join(w, &w->mem_spaces, spaces_of(i->args[1]));
    }
    break;
  case IR_PTR_ADD: case IR_MEMBER_PTR: case IR_DECAY: case IR_PTR_CAST:
    join(w, &x->spaces, spaces_of(i->args[0]));
    break;
  case IR_SELECT:
    if (i->ty->kind == IRT_PTR) join(w, &x->spaces, spaces_of(i->args[1]) | spaces_of(i->args[2]));
    break;
  case IR_CALL: {
    WgslFuncInfo *c = finfo(w, i->callee);
    for (int k = 0; k < i->arg_count && k < i->callee->param_count; k++)
      if (i->args[k]->ty->kind == IRT_PTR) join(w, &c->param_spaces[k], spaces_of(i->args[k]));
    if (i->ty->kind == IRT_PTR) join(w, &x->spaces, c->ret_spaces);
    break;
  }
  case IR_RETURN:
    if (i->arg_count && i->args[0]->ty->kind == IRT_PTR)
      join(w, &finfo(w, f)->ret_spaces, spaces_of(i->args[0]));
    break;
  case IR_INT_TO_PTR: join(w, &x->spaces, WS_HEAP); break;
  default: break;
  }
  infer_block(w, f, &i->blocks[0]);
  infer_block(w, f, &i->blocks[1]);
  for (int k = 0; k < i->case_count; k++) infer_block(w, f, &i->cases[k].body);
}

static void infer_block(WgslInfo *w, IrFunc *f, IrBlock *b) {
  for (IrInst *i = b->first; i; i = i->next) infer_inst(w, f, i);
}

/* ---- pass 3: frames on the call graph (no recursion in WGSL) -------------- */

static void callers_block(WgslInfo *w, IrFunc *f, IrBlock *b);

static void callers_inst(WgslInfo *w, IrFunc *f, IrInst *i) {
  if (i->op == IR_CALL) {
    WgslFuncInfo *c = finfo(w, i->callee), *me = finfo(w, f);
    int need = me->frame_base + me->frame_size;
    if (c->frame_base < need) {
      c->frame_base = need;
      w->changed = true;
    }
  }
  callers_block(w, f, &i->blocks[0]);
  callers_block(w, f, &i->blocks[1]);
  for (int k = 0; k < i->case_count; k++) callers_block(w, f, &i->cases[k].body);
}

static void callers_block(WgslInfo *w, IrFunc *f, IrBlock *b) {
  for (IrInst *i = b->first; i; i = i->next) callers_inst(w, f, i);
}

/* WGSL forbids recursion: a depth-first walk of the call graph finds a
 * cycle (state: 0 unvisited, 1 on the stack, 2 done). */
static const IrInst *find_cycle_block(WgslInfo *w, const IrBlock *b, char *state);

static const IrInst *find_cycle_func(WgslInfo *w, const IrFunc *f, char *state) {
  int k = (int)(finfo(w, f) - w->funcs);
  if (state[k] == 2) return NULL;
  state[k] = 1;
  const IrInst *c = find_cycle_block(w, &f->body, state);
  state[k] = 2;
  return c;
}

static const IrInst *find_cycle_block(WgslInfo *w, const IrBlock *b, char *state) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_CALL) {
      if (state[finfo(w, i->callee) - w->funcs] == 1) return i;
      const IrInst *c = find_cycle_func(w, i->callee, state);
      if (c) return c;
    }
    const IrInst *c = find_cycle_block(w, &i->blocks[0], state);
    if (!c) c = find_cycle_block(w, &i->blocks[1], state);
    for (int k = 0; !c && k < i->case_count; k++) c = find_cycle_block(w, &i->cases[k].body, state);
    if (c) return c;
  }
  return NULL;
}

static bool layout_frames(WgslInfo *w) {
  char *state = arena_alloc(w->m->arena, w->m->funcs.len + 1);
  for (int k = 0; k < w->m->funcs.len; k++) {
    const IrInst *c = find_cycle_func(w, w->m->funcs.data[k], state);
    if (c) {
      report(w, c->loc, arena_printf(w->m->arena, "recursion (a call of '%s' that reaches itself)",
                                     c->callee->name));
      return true;
    }
  }
  int n = w->m->funcs.len;
  for (int round = 0; round <= n + 1; round++) {
    w->changed = false;
    for (int k = 0; k < n; k++) callers_block(w, w->m->funcs.data[k], &w->m->funcs.data[k]->body);
    if (!w->changed) {
      for (int k = 0; k < n; k++) {
        int end = w->funcs[k].frame_base + w->funcs[k].frame_size;
        if (end > w->local_size) w->local_size = end;
      }
      return true;
    }
  }
  return false;  /* still growing: a call cycle */
}

/* ---- pass 4: what WGSL cannot express -------------------------------------- */

typedef struct CheckCtx {
  WgslInfo *w;
  const IrFunc *f;
  bool type_reported;
} CheckCtx;

static bool has_subword(const IrType *t) {
  switch (t->kind) {
  case IRT_BOOL: case IRT_I8: case IRT_U8: case IRT_I16: case IRT_U16: return true;
  case IRT_ARRAY: return has_subword(t->elem);
  case IRT_STRUCT:
    for (int i = 0; i < t->field_count; i++)
      if (has_subword(t->fields[i].ty)) return true;
    return false;
  default: return false;
  }
}

static void check_type(CheckCtx *c, Loc loc, const IrType *t) {
  const char *p = type_problem(t);
  if (p && !c->type_reported) {
    report(c->w, loc, p);
    c->type_reported = true;
  }
}

/* A pointer into several spaces is dispatched by its address at run time
 * (wgsl_internal.h): the memory it may touch is noted. */
static void check_pointer(CheckCtx *c, const IrInst *i, const IrInst *ptr) {
  int s = spaces_of(ptr);
  if (s & (s - 1)) c->w->generic_spaces |= s;
}

/* An atomic's memory becomes array<atomic<u32>>; 64-bit ones also take a
 * lock word in the heap. */
static void check_atomic(CheckCtx *c, const IrInst *i) {
  WgslInfo *w = c->w;
  int s = wgsl_space_of(i->args[0]);
  check_pointer(c, i, i->args[0]);
  if (s == WS_LOCAL) {
    report(w, i->loc, "an atomic on a local variable");
    return;
  }
  if (s == WS_SHARED) w->shared_atomic = true;
  else if (s == WS_GENERIC) w->shared_atomic = w->heap_atomic = true;
  else w->heap_atomic = true;
  if (i->args[1]->ty->size == 8) w->heap_atomic = true;
}

static void check_block(CheckCtx *c, const IrBlock *b);

static void check_switch(CheckCtx *c, const IrInst *i) {
  if (i->args[0]->ty->size == 8) {
    report(c->w, i->loc, "a switch on a 64-bit value");
    return;
  }
  for (int k = 0; k < i->case_count; k++) {
    const IrCase *cs = &i->cases[k];
    /* a case falling into the next one is printed with the next one's
     * body after its own (wgsl_print.c) */
    if (cs->falls_through && k + 1 == i->case_count) {
      report(c->w, i->loc, "a switch whose last case falls through");
      return;
    }
  }
}

static void check_inst(CheckCtx *c, const IrInst *i) {
  WgslInfo *w = c->w;
  if (!printf_only(i)) check_type(c, i->loc, i->ty);
  for (int k = 0; k < i->arg_count; k++)
    if (i->args[k]->ty && !printf_only(i->args[k])) check_type(c, i->loc, i->args[k]->ty);
  switch (i->op) {
  case IR_STRING:
    if (!printf_only(i)) report(w, i->loc, "a string literal in device code (but in printf)");
    break;
  case IR_PRINTF:
    if (i->args[0]->op != IR_STRING) report(w, i->loc, "printf with a format that is not a string literal");
    w->heap_atomic = true; /* the buffer's cursor */
    break;
  case IR_MEMCPY: report(w, i->loc, "memcpy of a runtime size"); break;
  case IR_MEMSET: report(w, i->loc, "memset of a runtime size"); break;
  case IR_BITCAST:
    if (i->ty->kind == IRT_PTR || i->args[0]->ty->kind == IRT_PTR || i->ty->kind == IRT_STRUCT ||
        i->ty->kind == IRT_ARRAY || (i->ty->size != 4 && !(ir_type_is_int(i->ty) && ir_type_is_int(i->args[0]->ty))))
      report(w, i->loc, "this bit reinterpretation");
    break;
  case IR_INTRINSIC:
    if (i->intrinsic >= IN_CDP_LAUNCH && i->intrinsic <= IN_CDP_LAUNCH_NAMED)
      report(w, i->loc, i->callee ? arena_printf(w->m->arena, "dynamic parallelism (launching "
                                                 "kernel '%s' from device code)", i->callee->name)
                                  : i->intrinsic == IN_CDP_LAUNCH_NAMED
                                ? "dynamic parallelism (a kernel launch in device code)"
                                : "the device runtime API (dynamic parallelism)");
    else if (!intrinsic_supported(i->intrinsic))
      report(w, i->loc, arena_printf(w->m->arena, "the device function '%s'",
                                     ir_intrinsic_name(i->intrinsic)));
    else if (ir_intrinsic_class(i->intrinsic) == INC_ATOMIC)
      check_atomic(c, i);
    break;
  case IR_LOAD: case IR_STORE: case IR_PTR_ADD: case IR_MEMBER_PTR: case IR_DECAY:
    if (i->args[0]->op != IR_LOCAL) check_pointer(c, i, i->args[0]);
    if (i->op == IR_STORE && i->args[0]->op != IR_LOCAL && has_subword(i->args[1]->ty)) {
      int s = wgsl_space_of(i->args[0]);
      if (s == WS_HEAP || s == WS_GENERIC) w->heap_atomic = true;
      if (s == WS_SHARED || s == WS_GENERIC) w->shared_atomic = true;
    }
    break;
  case IR_SWITCH: check_switch(c, i); break;
  case IR_TRAP: w->uses_trap = true; break;
  default: break;
  }
  check_block(c, &i->blocks[0]);
  check_block(c, &i->blocks[1]);
  for (int k = 0; k < i->case_count; k++) check_block(c, &i->cases[k].body);
}

static void check_block(CheckCtx *c, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) check_inst(c, i);
}

static void layout_globals(WgslInfo *w) {
  IrModule *m = w->m;
  w->global_offset = arena_alloc(m->arena, sizeof(int) * (m->globals.len + 1));
  int heap = 0, shared = 0;
  for (int k = 0; k < m->globals.len; k++) {
    IrGlobal *g = m->globals.data[k];
    int a = g->ty->align < 16 ? 16 : g->ty->align;
    if (g->is_extern && !g->is_dynamic_shared)
      report(w, g->loc, "an extern device variable (separate compilation)");
    if (g->reloc_count)
      report(w, g->loc, "a device variable initialised with the address of another");
    if (g->is_dynamic_shared) continue;
    if (g->space == IRS_SHARED) {
      shared = align_up(shared, a);
      w->global_offset[k] = shared;
      shared += g->ty->size;
    } else {
      heap = align_up(heap, a);
      w->global_offset[k] = heap;
      heap += g->ty->size;
    }
  }
  w->globals_size = align_up(heap, 16);
  w->shared_static = align_up(shared, 16);
  if (w->shared_static == 0) w->shared_static = 16;
}

bool wgsl_analyze(IrModule *m, Diag *d, WgslInfo *w) {
  memset(w, 0, sizeof *w);
  w->m = m;
  w->d = d;
  int n = m->funcs.len;
  w->funcs = arena_alloc(m->arena, sizeof(WgslFuncInfo) * (n + 1));
  memset(w->funcs, 0, sizeof(WgslFuncInfo) * (n + 1));
  for (int k = 0; k < n; k++) {
    IrFunc *f = m->funcs.data[k];
    w->funcs[k].param_spaces = arena_alloc(m->arena, sizeof(int) * (f->param_count + 1));
    memset(w->funcs[k].param_spaces, 0, sizeof(int) * (f->param_count + 1));
    for (int j = 0; j < f->local_count; j++) attach_inst(w, f->locals[j]);
    attach_block(w, &f->body);
    count_uses_block(&f->body);
  }
  for (int k = 0; k < n; k++) {
    mark_escapes_block(&m->funcs.data[k]->body);
    layout_frame(w, m->funcs.data[k]);
  }
  do {
    w->changed = false;
    for (int k = 0; k < n; k++) infer_block(w, m->funcs.data[k], &m->funcs.data[k]->body);
  } while (w->changed);
  if (!layout_frames(w)) ICE("call graph frames do not converge");
  layout_globals(w);
  wgsl_analyze_collectives(w);
  int params = 0;
  for (int k = 0; k < n; k++) {
    IrFunc *f = m->funcs.data[k];
    CheckCtx c = {w, f, false};
    /* a double parameter is checked where it is used (printf may print it) */
    for (int j = 0; j < f->param_count; j++)
      if (f->params[j]->kind != IRT_F64) check_type(&c, f->loc, f->params[j]);
    check_type(&c, f->loc, f->ret);
    check_block(&c, &f->body);
    if (f->is_kernel && f->param_count) {
      int end = wgsl_param_offset(f, f->param_count - 1) + f->params[f->param_count - 1]->size;
      if (end > params) params = end;
    }
  }
  w->uniform_vec4s = (WGSL_PARAM_BASE + params + 15) / 16;
  return w->errors == 0;
}

bool wgsl_can_emit(IrModule *m, Diag *d) {
  WgslInfo w;
  return wgsl_analyze(m, d, &w);
}

const Backend backend_wgsl = {"wgsl", wgsl_can_emit, wgsl_emit};

int wgsl_global_offset(const WgslInfo *w, const IrGlobal *g) {
  const IrModule *m = w->m;
  if (g->id < (uint32_t)m->globals.len && m->globals.data[g->id] == g) return w->global_offset[g->id];
  for (int k = 0; k < m->globals.len; k++)
    if (m->globals.data[k] == g) return w->global_offset[k];
  ICE("global %s is not in its module", g->name);
}
