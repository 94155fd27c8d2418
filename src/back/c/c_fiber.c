/* c_fiber.c: kernels whose threads must meet across divergent code: a
 * barrier or collective in both arms of an if that the threads of a block
 * may take differently (region fission cannot run those: it finishes one
 * arm before it starts the other). Such a kernel is printed as one
 * function per CUDA thread that runs on its own stack; barriers and
 * collectives call the runtime (src/runtime/cpu/fiber.c, kernel_abi.h),
 * which switches between the threads. The choice is made here, at compile
 * time, after c_fission.c's analysis; everything else stays on fission. */
#include "c_internal.h"

#include <string.h>

/* The first barrier or collective inside b (not lifted loops). */
static const IrInst *first_sync(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (c_is_sync(i)) return i;
    for (int k = 0; k < 2; k++) {
      const IrInst *s = first_sync(&i->blocks[k]);
      if (s) return s;
    }
    for (int k = 0; k < i->case_count; k++) {
      const IrInst *s = first_sync(&i->cases[k].body);
      if (s) return s;
    }
  }
  return NULL;
}

/* A sync in an arm of a predicated if (threads may split) whose other
 * arm also holds one: threads of the two arms must meet there. */
const IrInst *c_fiber_meeting(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (!e->has_sync[i->id]) continue;
    if (i->op == IR_IF && e->predicated[i->id]) {
      const IrInst *a = first_sync(&i->blocks[0]), *o = first_sync(&i->blocks[1]);
      if (a && o) return a;
    }
    for (int k = 0; k < 2; k++) {
      const IrInst *s = c_fiber_meeting(e, &i->blocks[k]);
      if (s) return s;
    }
    for (int k = 0; k < i->case_count; k++) {
      const IrInst *s = c_fiber_meeting(e, &i->cases[k].body);
      if (s) return s;
    }
  }
  return NULL;
}

static bool is_barrier(const IrInst *i) {
  return i->op == IR_BARRIER || ir_intrinsic_class(i->intrinsic) == INC_BLOCK ||
         i->intrinsic == IN_GRID_SYNC;
}

static const char *file_of(CEmit *e, const IrInst *i) {
  if (e->d && i->loc.file < (uint32_t)e->d->files.len && i->loc.line)
    return e->d->files.data[i->loc.file]->path;
  return e->m->source_path ? e->m->source_path : "";
}

static const char *sync_what(const IrInst *i) {
  if (i->op == IR_BARRIER) return "__syncthreads()";
  if (i->intrinsic == IN_GRID_SYNC) return "grid.sync()";
  return ir_intrinsic_name(i->intrinsic);
}

static const char *site_name(CEmit *e, const IrInst *i) {
  return arena_printf(e->a, "cuwa_ss%u_%d%s", i->id, e->f->ordinal, e->sfx);
}

/* One CuwaSyncSite per barrier and collective of the kernel. */
static void print_sites(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (c_is_sync(i))
      c_line(e, "static const CuwaSyncSite %s = {%s, %s, %u};", site_name(e, i),
             c_str(e, sync_what(i)), c_str(e, file_of(e, i)), i->loc.line);
    for (int k = 0; k < 2; k++) print_sites(e, &i->blocks[k]);
    for (int k = 0; k < i->case_count; k++) print_sites(e, &i->cases[k].body);
  }
}

/* v's bits in a uint64_t (zero-extended), for the runtime. */
static const char *bits_of(CEmit *e, const IrInst *v) {
  uint32_t id = v->id;
  c_line(e, "uint64_t cuwa_b%u = 0;", id);
  c_line(e, "{ const %s cuwa_v = %s; memcpy(&cuwa_b%u, &cuwa_v, sizeof cuwa_v); }",
         c_type(e, v->ty), c_val(e, v), id);
  return arena_printf(e->a, "cuwa_b%u", id);
}

static void print_warp(CEmit *e, const IrInst *i) {
  int mode = 0, op = c_warp_fiber_op(i->intrinsic, &mode);
  const char *site = site_name(e, i);
  const char *mask = op == CUWA_FW_ACTIVEMASK ? "0xffffffffu"
                                              : arena_printf(e->a, "(uint32_t)%s", c_val(e, i->args[0]));
  const char *value = "0", *arg = "0", *pred = "NULL";
  c_line(e, "{");
  e->depth++;
  switch (op) {
  case CUWA_FW_SHFL:
    value = bits_of(e, i->args[1]);
    c_line(e, "const uint32_t cuwa_lane = (uint32_t)((((size_t)tz * ctx->block_dim.y + ty) * "
              "ctx->block_dim.x + tx) & 31u);");
    arg = arena_printf(e->a, "cuwa_shfl_lane(%d, cuwa_lane, (uint32_t)%s, (int32_t)%s)", mode,
                       c_val(e, i->args[2]), c_val(e, i->args[3]));
    break;
  case CUWA_FW_BALLOT: case CUWA_FW_ANY: case CUWA_FW_ALL:
    value = arena_printf(e->a, "(uint64_t)(%s != 0)", c_val(e, i->args[1]));
    break;
  case CUWA_FW_ACTIVEMASK: case CUWA_FW_SYNCWARP: break;
  case CUWA_FW_MATCH_ALL:
    pred = c_val(e, i->args[2]);
    value = bits_of(e, i->args[1]);
    break;
  default: value = bits_of(e, i->args[1]); break;
  }
  const char *call = arena_printf(e->a, "cuwa_fiber_warp(cuwa_f, &%s, %d, %s, %s, %s, %s)", site,
                                  op, mask, value, arg, pred);
  if (i->ty->kind == IRT_VOID) c_line(e, "%s;", call);
  else c_line(e, "cuwa_r%u = %s;", i->id, call);
  e->depth--;
  c_line(e, "}");
}

void c_print_fiber_sync(CEmit *e, const IrInst *i) {
  if (is_barrier(i)) {
    int op = i->op == IR_BARRIER ? 0 : i->intrinsic == IN_GRID_SYNC ? 4
           : i->intrinsic == IN_SYNCTHREADS_COUNT ? 1 : i->intrinsic == IN_SYNCTHREADS_AND ? 2 : 3;
    const char *pred = op >= 1 && op <= 3 ? c_val(e, i->args[0]) : "0";
    const char *call = arena_printf(e->a, "cuwa_fiber_barrier(cuwa_f, &%s, %d, (int32_t)(%s != 0))",
                                    site_name(e, i), op, pred);
    if (i->ty->kind == IRT_VOID) c_line(e, "%s;", call);
    else c_def(e, i, "%s", call);
    return;
  }
  if (i->ty->kind == IRT_VOID) {
    print_warp(e, i);
    return;
  }
  /* the runtime returns the result's bits */
  uint32_t id = i->id;
  c_line(e, "uint64_t cuwa_r%u;", id);
  print_warp(e, i);
  c_line(e, "%s cuwa_rv%u;", c_type(e, i->ty), id);
  c_line(e, "memcpy(&cuwa_rv%u, &cuwa_r%u, sizeof cuwa_rv%u);", id, id, id);
  c_def(e, i, "cuwa_rv%u", id);
}

/* ---- the kernel ----------------------------------------------------------------------- */

static void print_locals(CEmit *e, const IrFunc *f) {
  for (int i = 0; i < f->local_count; i++) {
    const IrInst *l = f->locals[i];
    const IrType *t = l->ty->elem;
    if (t->kind == IRT_ARRAY || t->kind == IRT_STRUCT)
      c_line(e, "%s l%u; memset(&l%u, 0, sizeof l%u);  /* %s */", c_type(e, t), l->id, l->id,
             l->id, l->str ? l->str : "");
    else
      c_line(e, "%s l%u = %s;  /* %s */", c_type(e, t), l->id, c_zero(e, t), l->str ? l->str : "");
  }
}

static const char *meet_reason(CEmit *e, const IrInst *meet) {
  const char *what = is_barrier(meet) ? "barrier" : sync_what(meet);
  return arena_printf(e->a, "%s at %s:%u is in divergent code", what, file_of(e, meet),
                      meet->loc.line);
}

void c_print_fiber_kernel(CEmit *e, const IrFunc *k, const IrInst *meet) {
  int n = k->ordinal;
  const char *sfx = e->sfx;
  bool sh = c_kernel_has_shared(e, k);
  e->f = k;
  e->strides.len = 0;
  e->scratch_bytes = 0;
  c_find_forwards(e, k);
  strbuf_printf(e->o, "/* kernel %s: one stack per thread (%s) */\n", k->name,
                meet_reason(e, meet));
  e->depth = 0;
  c_line(e, "static const CuwaFiberKernel cuwa_fk_%d%s = {%s, %s, %d};", n, sfx, c_str(e, k->name),
         c_str(e, meet_reason(e, meet)), e->check ? 1 : 0);
  print_sites(e, &k->body);
  strbuf_printf(e->o, "static void cuwa_fthread_%d%s(CuwaFiber *cuwa_f, const CuwaBlockCtx *ctx, "
                "const void *params, void *cuwa_shv, uint32_t tx, uint32_t ty, uint32_t tz) {\n",
                n, sfx);
  e->depth = 1;
  c_line(e, "(void)cuwa_f; (void)params; (void)cuwa_shv; (void)tx; (void)ty; (void)tz;");
  if (k->param_count)
    c_line(e, "const struct cuwa_params_%d *cuwa_p = (const struct cuwa_params_%d *)params;", n, n);
  if (sh) c_line(e, "struct cuwa_shared_%d *cuwa_shs = (struct cuwa_shared_%d *)cuwa_shv;", n, n);
  c_line(e, "int cuwa_trap_v = 0;");
  c_line(e, "int *cuwa_trap = &cuwa_trap_v;");
  c_line(e, "(void)cuwa_trap;");
  for (int g = 0; g < e->m->globals.len; g++)
    if (e->shared_sets[k->id][g])
      c_line(e, "%s *cuwa_sh%d = &cuwa_shs->g%d;", c_type(e, e->m->globals.data[g]->ty), g, g);
  print_locals(e, k);
  e->fiber = true;
  c_print_block(e, &k->body);
  e->fiber = false;
  e->depth = 0;
  strbuf_puts(e->o, "}\n\n");
  c_line(e, "static void cuwa_block_%s_%d%s(const CuwaBlockCtx *ctx, const void *params) {",
         c_sanitize(e->a, k->name), n, sfx);
  e->depth = 1;
  if (k->param_count) {
    c_line(e, "struct cuwa_params_%d cuwa_pv;", n);
    c_line(e, "memcpy(&cuwa_pv, params, sizeof cuwa_pv);");
    c_line(e, "params = &cuwa_pv;");
  }
  if (sh) {
    c_line(e, "struct cuwa_shared_%d cuwa_shs;", n);
    c_line(e, "memset(&cuwa_shs, 0, sizeof cuwa_shs);");
  }
  const char *shp = sh ? "&cuwa_shs" : "NULL";
  if (e->check)
    c_line(e, "cuwa_check_block_begin(ctx, %s, %s, NULL, 0);", shp, sh ? "sizeof cuwa_shs" : "0");
  c_line(e, "cuwa_fiber_block(&cuwa_fk_%d%s, ctx, params, %s, cuwa_fthread_%d%s);", n, sfx, shp, n,
         sfx);
  e->depth = 0;
  c_line(e, "}\n");
}
