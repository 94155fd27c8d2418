/* c_fission.c: prints a kernel that uses __syncthreads() by region-based
 * loop fission (the COX/CuPBoP approach). The body is cut at barriers into
 * regions; each region runs as its own loop over the block's threads, so
 * every thread finishes a region before any starts the next. Loops and ifs
 * that contain barriers stay outside the thread loops; their conditions
 * are taken as block-uniform (as CUDA requires) from the first live thread.
 * Locals and SSA values live across regions become per-thread arrays in
 * CuwaBlockCtx.scratch; a thread that returns or traps is marked exited.
 * Barriers in __device__ functions and in switches are rejected by
 * c_can_emit, not handled here. */
#include "c_internal.h"

#include <string.h>

typedef struct Regions {
  int *region;        /* by inst id: its region, -1 for a construct holding a barrier */
  bool *in_loop;      /* by region: inside a loop that holds a barrier */
  int count;
  int *local_region;  /* by local id: -3 unused, -2 several regions or escaping, else one */
} Regions;

bool c_contains_barrier(const IrInst *i) {
  if (i->op == IR_BARRIER) return true;
  for (int b = 0; b < 2; b++)
    for (const IrInst *c = i->blocks[b].first; c; c = c->next)
      if (c_contains_barrier(c)) return true;
  for (int k = 0; k < i->case_count; k++)
    for (const IrInst *c = i->cases[k].body.first; c; c = c->next)
      if (c_contains_barrier(c)) return true;
  return false;
}

/* ---- analysis ------------------------------------------------------------------ */

static void mark_region(int *region, const IrInst *i, int r) {
  region[i->id] = r;
  for (int b = 0; b < 2; b++)
    for (const IrInst *c = i->blocks[b].first; c; c = c->next) mark_region(region, c, r);
  for (int k = 0; k < i->case_count; k++)
    for (const IrInst *c = i->cases[k].body.first; c; c = c->next) mark_region(region, c, r);
}

static void assign_regions(Regions *R, const IrBlock *b, int loop_depth) {
  int cur = -1;
  for (const IrInst *i = b->first; i; i = i->next) {
    if (!c_contains_barrier(i)) {
      if (cur < 0) {
        cur = R->count++;
        R->in_loop[cur] = loop_depth > 0;
      }
      mark_region(R->region, i, cur);
      continue;
    }
    cur = -1;
    R->region[i->id] = -1;
    int d = loop_depth + (i->op == IR_LOOP);
    assign_regions(R, &i->blocks[0], d);
    assign_regions(R, &i->blocks[1], d);
  }
}

static bool is_inline_value(const IrInst *a) {
  return a->op == IR_CONST || a->op == IR_UNDEF || a->op == IR_PARAM || a->op == IR_LOCAL;
}

static void note_local_use(Regions *R, const IrInst *user, int k) {
  const IrInst *l = user->args[k];
  int r = R->region[user->id];
  bool plain_access = k == 0 && (user->op == IR_LOAD || user->op == IR_STORE);
  int *lr = &R->local_region[l->id];
  if (!plain_access) *lr = -2;  /* its address escapes: it must outlive the region */
  else if (*lr == -3) *lr = r;
  else if (*lr != r) *lr = -2;
}

/* SSA values used in another region than their own are spilled to
 * per-thread arrays; locals are classified by the regions using them. */
static void find_spills(CEmit *e, Regions *R, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    for (int k = 0; k < i->arg_count; k++) {
      const IrInst *a = i->args[k];
      if (a->op == IR_LOCAL) note_local_use(R, i, k);
      else if (!is_inline_value(a) && R->region[a->id] != R->region[i->id]) e->spilled[a->id] = true;
    }
    find_spills(e, R, &i->blocks[0]);
    find_spills(e, R, &i->blocks[1]);
    for (int c = 0; c < i->case_count; c++) find_spills(e, R, &i->cases[c].body);
  }
}

/* ---- printing -------------------------------------------------------------------- */

static void declare_region_locals(CEmit *e, Regions *R, int r) {
  const IrFunc *f = e->f;
  for (int i = 0; i < f->local_count; i++) {
    const IrInst *l = f->locals[i];
    if (R->local_region[l->id] != r || e->local_array[l->id]) continue;
    const IrType *t = l->ty->elem;
    if (t->kind == IRT_ARRAY || t->kind == IRT_STRUCT)
      c_line(e, "%s l%u; memset(&l%u, 0, sizeof l%u);  /* %s */", c_type(e, t), l->id, l->id,
             l->id, l->str ? l->str : "");
    else
      c_line(e, "%s l%u = %s;  /* %s */", c_type(e, t), l->id, c_zero(e, t), l->str ? l->str : "");
  }
}

static void open_region(CEmit *e, Regions *R, int r) {
  e->region_label = r;
  e->inner_loops = e->inner_breakables = 0;
  c_line(e, "for (uint32_t tz = 0; tz < cuwa_nz; tz++)");
  c_line(e, "for (uint32_t ty = 0; ty < cuwa_ny; ty++)");
  c_line(e, "for (uint32_t tx = 0; tx < cuwa_nx; tx++) {  /* region %d */", r);
  e->depth++;
  c_line(e, "const size_t cuwa_tid = ((size_t)tz * cuwa_ny + ty) * cuwa_nx + tx;");
  c_line(e, "if (cuwa_exited[cuwa_tid]) continue;");
  c_line(e, "int cuwa_trap_v = 0;");
  c_line(e, "int *cuwa_trap = &cuwa_trap_v;");
  c_line(e, "{");
  e->depth++;
  declare_region_locals(e, R, r);
}

static void close_region(CEmit *e) {
  e->depth--;
  c_line(e, "}");
  c_line(e, "cuwa_next%d:;", e->region_label);
  e->depth--;
  c_line(e, "}");
  if (e->floops.len) {
    uint32_t l = e->floops.data[e->floops.len - 1];
    c_line(e, "if (cuwa_brk%u) break;", l);
    c_line(e, "if (cuwa_cnt%u) goto cuwa_fcont%u;", l, l);
  }
}

static void print_fission_block(CEmit *e, Regions *R, const IrBlock *b);

/* The condition of an if around barriers: the first live thread's. */
static void print_fission_if(CEmit *e, Regions *R, const IrInst *i) {
  c_line(e, "{");
  e->depth++;
  c_line(e, "_Bool cuwa_c = 0;");
  c_line(e, "int cuwa_any = 0;");
  c_line(e, "for (size_t cuwa_tid = 0; cuwa_tid < cuwa_n; cuwa_tid++)");
  c_line(e, "  if (!cuwa_exited[cuwa_tid]) { cuwa_c = %s; cuwa_any = 1; break; }",
         c_val(e, i->args[0]));
  c_line(e, "if (!cuwa_any) goto cuwa_end;");
  c_line(e, "if (cuwa_c) {");
  e->depth++;
  print_fission_block(e, R, &i->blocks[0]);
  e->depth--;
  c_line(e, "} else {");
  e->depth++;
  print_fission_block(e, R, &i->blocks[1]);
  e->depth--;
  c_line(e, "}");
  e->depth--;
  c_line(e, "}");
}

/* A loop around barriers: break/continue inside its regions set flags that
 * are acted on between regions. */
static void print_fission_loop(CEmit *e, Regions *R, const IrInst *i) {
  uint32_t l = i->id;
  c_line(e, "{");
  e->depth++;
  c_line(e, "int cuwa_brk%u = 0, cuwa_cnt%u = 0;", l, l);
  c_line(e, "for (;;) {");
  e->depth++;
  c_line(e, "if (!cuwa_active) goto cuwa_end;");
  vec_push(e->a, &e->floops, l);
  print_fission_block(e, R, &i->blocks[0]);
  c_line(e, "cuwa_fcont%u: cuwa_cnt%u = 0;", l, l);
  print_fission_block(e, R, &i->blocks[1]);
  e->floops.len--;
  e->depth--;
  c_line(e, "}");
  e->depth--;
  c_line(e, "}");
}

static void print_fission_block(CEmit *e, Regions *R, const IrBlock *b) {
  int open = -1;
  for (const IrInst *i = b->first; i; i = i->next) {
    if (!c_contains_barrier(i)) {
      if (open != R->region[i->id]) {
        if (open >= 0) close_region(e);
        open = R->region[i->id];
        open_region(e, R, open);
      }
      c_print_inst(e, i);
      continue;
    }
    if (open >= 0) close_region(e);
    open = -1;
    switch (i->op) {
    case IR_BARRIER: break;  /* the cut between two regions */
    case IR_IF: print_fission_if(e, R, i); break;
    case IR_LOOP: print_fission_loop(e, R, i); break;
    default: ICE("barrier inside %s reached the printer", ir_op_name(i->op));
    }
  }
  if (open >= 0) close_region(e);
}

/* Per-thread arrays: array locals and spilled values, then the exited
 * flags; returns the bytes per thread (a multiple of 16). */
static int layout_scratch(CEmit *e, Regions *R, int *offset) {
  const IrFunc *k = e->f;
  int per = 0;
  for (int i = 0; i < k->local_count; i++) {
    const IrInst *l = k->locals[i];
    int lr = R->local_region[l->id];
    e->local_array[l->id] = lr == -2 || (lr >= 0 && R->in_loop[lr]);
    if (!e->local_array[l->id]) continue;
    int a = l->ty->elem->align > 0 ? l->ty->elem->align : 1;
    per = (per + a - 1) / a * a;
    offset[l->id] = per;
    per += l->ty->elem->size;
  }
  for (uint32_t id = 0; id < k->next_id; id++) {
    if (!e->spilled[id]) continue;
    offset[id] = -1;  /* filled by print_scratch_arrays, which knows the type */
  }
  return per;
}

static void scan_spilled_types(const IrBlock *b, const IrInst **by_id) {
  for (const IrInst *i = b->first; i; i = i->next) {
    by_id[i->id] = i;
    scan_spilled_types(&i->blocks[0], by_id);
    scan_spilled_types(&i->blocks[1], by_id);
    for (int c = 0; c < i->case_count; c++) scan_spilled_types(&i->cases[c].body, by_id);
  }
}

static void print_scratch_arrays(CEmit *e, Regions *R) {
  const IrFunc *k = e->f;
  int *offset = ARENA_ARRAY(e->a, int, k->next_id + 1);
  const IrInst **by_id = ARENA_ARRAY(e->a, const IrInst *, k->next_id + 1);
  scan_spilled_types(&k->body, by_id);
  int per = layout_scratch(e, R, offset);
  for (uint32_t id = 0; id < k->next_id; id++) {
    if (!e->spilled[id] || !by_id[id]) continue;
    const IrType *t = by_id[id]->ty;
    int a = t->align > 0 ? t->align : 1;
    per = (per + a - 1) / a * a;
    offset[id] = per;
    per += t->size;
  }
  int exited = per;
  per = (per + 1 + 15) / 16 * 16;
  e->scratch_bytes = per;
  c_line(e, "const size_t cuwa_n = (size_t)cuwa_nx * cuwa_ny * cuwa_nz;");
  c_line(e, "char *cuwa_scr = (char *)cuwa_ctx_in->scratch, *cuwa_own = NULL;");
  c_line(e, "if (!cuwa_scr || cuwa_ctx_in->scratch_size < cuwa_n * %d) {", per);
  c_line(e, "  cuwa_own = (char *)malloc(cuwa_n * %d);", per);
  c_line(e, "  if (!cuwa_own) __builtin_trap();");
  c_line(e, "  cuwa_scr = cuwa_own;");
  c_line(e, "}");
  c_line(e, "memset(cuwa_scr, 0, cuwa_n * %d);", per);
  for (int i = 0; i < k->local_count; i++) {
    const IrInst *l = k->locals[i];
    if (!e->local_array[l->id]) continue;
    const char *T = c_type(e, l->ty->elem);
    c_line(e, "%s *l%u = (%s *)(cuwa_scr + cuwa_n * %d);  /* %s */", T, l->id, T,
           offset[l->id], l->str ? l->str : "");
  }
  for (uint32_t id = 0; id < k->next_id; id++) {
    if (!e->spilled[id] || !by_id[id]) continue;
    const char *T = c_type(e, by_id[id]->ty);
    c_line(e, "%s *t%u = (%s *)(cuwa_scr + cuwa_n * %d);", T, id, T, offset[id]);
  }
  c_line(e, "uint8_t *cuwa_exited = (uint8_t *)(cuwa_scr + cuwa_n * %d);", exited);
  c_line(e, "size_t cuwa_active = cuwa_n;");
}

static void print_block_prologue(CEmit *e, const IrFunc *k) {
  int n = k->ordinal;
  c_line(e, "const CuwaBlockCtx cuwa_ctx = *cuwa_ctx_in;");
  c_line(e, "const CuwaBlockCtx *ctx = &cuwa_ctx;");
  if (k->param_count) {
    c_line(e, "struct cuwa_params_%d cuwa_pv;", n);
    c_line(e, "memcpy(&cuwa_pv, params, sizeof cuwa_pv);");
    c_line(e, "const struct cuwa_params_%d *cuwa_p = &cuwa_pv;", n);
  }
  if (c_kernel_has_shared(e, k)) {
    c_line(e, "struct cuwa_shared_%d cuwa_shs;", n);
    c_line(e, "memset(&cuwa_shs, 0, sizeof cuwa_shs);");
    for (int g = 0; g < e->m->globals.len; g++)
      if (e->shared_sets[k->id][g])
        c_line(e, "%s *cuwa_sh%d = &cuwa_shs.g%d;", c_type(e, e->m->globals.data[g]->ty), g, g);
  }
  c_line(e, "const uint32_t cuwa_nx = cuwa_ctx.block_dim.x, cuwa_ny = cuwa_ctx.block_dim.y, "
            "cuwa_nz = cuwa_ctx.block_dim.z;");
}

void c_print_fission_kernel(CEmit *e, const IrFunc *k) {
  e->f = k;
  uint32_t n = k->next_id + 1;
  Regions R = {ARENA_ARRAY(e->a, int, n), ARENA_ARRAY(e->a, bool, n), 0,
               ARENA_ARRAY(e->a, int, n)};
  for (uint32_t i = 0; i < n; i++) R.local_region[i] = -3;
  e->spilled = ARENA_ARRAY(e->a, bool, n);
  e->local_array = ARENA_ARRAY(e->a, bool, n);
  assign_regions(&R, &k->body, 0);
  find_spills(e, &R, &k->body);
  strbuf_printf(e->o, "/* kernel %s: split at its barriers into %d regions */\n", k->name,
                R.count);
  c_line(e, "static void cuwa_block_%s_%d(const CuwaBlockCtx *cuwa_ctx_in, const void *params) {",
         c_sanitize(e->a, k->name), k->ordinal);
  e->depth = 1;
  print_block_prologue(e, k);
  print_scratch_arrays(e, &R);
  e->fission = true;
  print_fission_block(e, &R, &k->body);
  e->fission = false;
  c_line(e, "goto cuwa_end;");
  e->depth = 0;
  c_line(e, "cuwa_end:");
  c_line(e, "  free(cuwa_own);");
  c_line(e, "}\n");
}
