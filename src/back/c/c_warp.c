/* c_warp.c: prints the collectives of a fission kernel (c_fission.c) at
 * block level, between two regions: warp collectives (shuffles, votes,
 * match, reduce, __syncwarp, __activemask) and block collectives
 * (__syncthreads_count/_and/_or). The operands of every thread are then
 * in per-thread arrays, so a collective is a loop over the warps (32
 * consecutive threads, x fastest; the last one may be partial) reading
 * them. Lanes that sit out (exited, or elsewhere in divergent code) take
 * no part. A mask naming a lane that is alive but elsewhere would need
 * lanes of divergent paths to meet: that fails the launch with a message
 * instead of giving a wrong result. Shuffles every lane takes part in get
 * cheaper forms (print_shifted_shfl, c_print_inline_shfl). */
#include "c_internal.h"

#include <string.h>

typedef enum WarpKind {
  WK_SHFL, WK_BALLOT, WK_ANY, WK_ALL, WK_ACTIVEMASK, WK_SYNCWARP,
  WK_MATCH_ANY, WK_MATCH_ALL, WK_REDUCE,
} WarpKind;

typedef struct WarpOp {
  WarpKind kind;
  int mode;         /* WK_SHFL: 0 idx, 1 up, 2 down, 3 xor (cuwa_shfl_lane) */
  char reduce;      /* WK_REDUCE: '+', '<' (min), '>' (max), '&', '|', '^' */
} WarpOp;

static WarpOp warp_op(IrIntrinsic id) {
  switch (id) {
  case IN_SHFL_I: case IN_SHFL_U: case IN_SHFL_L: case IN_SHFL_UL: case IN_SHFL_F:
  case IN_SHFL_D: return (WarpOp){WK_SHFL, 0, 0};
  case IN_SHFL_UP_I: case IN_SHFL_UP_U: case IN_SHFL_UP_L: case IN_SHFL_UP_UL:
  case IN_SHFL_UP_F: case IN_SHFL_UP_D: return (WarpOp){WK_SHFL, 1, 0};
  case IN_SHFL_DOWN_I: case IN_SHFL_DOWN_U: case IN_SHFL_DOWN_L: case IN_SHFL_DOWN_UL:
  case IN_SHFL_DOWN_F: case IN_SHFL_DOWN_D: return (WarpOp){WK_SHFL, 2, 0};
  case IN_SHFL_XOR_I: case IN_SHFL_XOR_U: case IN_SHFL_XOR_L: case IN_SHFL_XOR_UL:
  case IN_SHFL_XOR_F: case IN_SHFL_XOR_D: return (WarpOp){WK_SHFL, 3, 0};
  case IN_BALLOT: return (WarpOp){WK_BALLOT, 0, 0};
  case IN_ANY: return (WarpOp){WK_ANY, 0, 0};
  case IN_ALL: return (WarpOp){WK_ALL, 0, 0};
  case IN_ACTIVEMASK: return (WarpOp){WK_ACTIVEMASK, 0, 0};
  case IN_SYNCWARP: return (WarpOp){WK_SYNCWARP, 0, 0};
  case IN_MATCH_ANY_I: case IN_MATCH_ANY_U: case IN_MATCH_ANY_L: case IN_MATCH_ANY_UL:
  case IN_MATCH_ANY_F: case IN_MATCH_ANY_D: return (WarpOp){WK_MATCH_ANY, 0, 0};
  case IN_MATCH_ALL_I: case IN_MATCH_ALL_U: case IN_MATCH_ALL_L: case IN_MATCH_ALL_UL:
  case IN_MATCH_ALL_F: case IN_MATCH_ALL_D: return (WarpOp){WK_MATCH_ALL, 0, 0};
  case IN_REDUCE_ADD_I: case IN_REDUCE_ADD_U: return (WarpOp){WK_REDUCE, 0, '+'};
  case IN_REDUCE_MIN_I: case IN_REDUCE_MIN_U: return (WarpOp){WK_REDUCE, 0, '<'};
  case IN_REDUCE_MAX_I: case IN_REDUCE_MAX_U: return (WarpOp){WK_REDUCE, 0, '>'};
  case IN_REDUCE_AND: return (WarpOp){WK_REDUCE, 0, '&'};
  case IN_REDUCE_OR: return (WarpOp){WK_REDUCE, 0, '|'};
  case IN_REDUCE_XOR: return (WarpOp){WK_REDUCE, 0, '^'};
  default: ICE("%s is not a warp collective", ir_intrinsic_name(id));
  }
}

static int64_t const_width(const IrInst *w) {
  if (w->op == IR_CONV && w->args[0]->op == IR_CONST) w = w->args[0];
  return w->op == IR_CONST ? w->imm : -1;
}

/* An up or down shuffle by a delta the whole block shares, with a
 * constant power-of-two width: it can be computed where it is used
 * (c_print_inline_shfl) when every lane takes part. */
bool c_warp_inline_shfl(CEmit *e, const IrInst *i) {
  if (ir_intrinsic_class(i->intrinsic) != INC_WARP) return false;
  WarpOp w = warp_op(i->intrinsic);
  if (w.kind != WK_SHFL || (w.mode != 1 && w.mode != 2)) return false;
  int64_t width = const_width(i->args[3]);
  return width >= 1 && width <= 32 && (width & (width - 1)) == 0 &&
         c_is_block_scalar(e, i->args[2]);
}

/* The shuffle for the thread cuwa_tid, in the region using it: the
 * operands were all written before the region began. */
void c_print_inline_shfl(CEmit *e, const IrInst *i) {
  const IrInst *v = i->args[1];
  uint32_t id = i->id;
  int64_t width = const_width(i->args[3]);
  c_line(e, "const uint32_t cuwa_d%u = (uint32_t)%s & 31u;", id, c_val(e, i->args[2]));
  c_line(e, "const uint32_t cuwa_sl%u = (uint32_t)cuwa_tid & %uu;", id, (unsigned)(width - 1));
  const char *own = c_val(e, v);
  if (!e->spilled[v->id]) {  /* the same in every lane */
    c_def(e, i, "%s", own);
    return;
  }
  if (warp_op(i->intrinsic).mode == 1)
    c_def(e, i, "cuwa_sl%u >= cuwa_d%u ? t%u[cuwa_tid - cuwa_d%u] : %s", id, id, v->id, id, own);
  else
    c_def(e, i, "cuwa_sl%u + cuwa_d%u < %uu && cuwa_tid + cuwa_d%u < cuwa_n ? t%u[cuwa_tid + cuwa_d%u] : %s",
          id, id, (unsigned)width, id, v->id, id, own);
}

/* Fails the launch: the message goes to stderr (like a failed assert) and
 * the block stops. per_thread: cuwa_tid names the thread. */
void c_print_sync_error(CEmit *e, const IrInst *at, const char *what, bool per_thread) {
  const char *file = e->m->source_path ? e->m->source_path : "";
  if (e->d && at->loc.file < (uint32_t)e->d->files.len && at->loc.line)
    file = e->d->files.data[at->loc.file]->path;
  const char *tid = per_thread
      ? "(uint32_t)(cuwa_tid % cuwa_nx), (uint32_t)(cuwa_tid / cuwa_nx % cuwa_ny), "
        "(uint32_t)(cuwa_tid / ((size_t)cuwa_nx * cuwa_ny))"
      : "0, 0, 0";
  c_line(e, "cuwa_device_assert_fail(ctx, %s, %s, %s, %u, %s);", tid, c_str(e, what),
         c_str(e, file), at->loc.line, c_str(e, e->f->name));
  c_line(e, "goto cuwa_end;");
}

/* v as seen from lane `lane` of the warp (an expression of cuwa_w). */
static const char *lane_val(CEmit *e, const IrInst *v, const char *lane) {
  if (e->spilled[v->id]) return arena_printf(e->a, "t%u[cuwa_w + %s]", v->id, lane);
  return c_val(e, v);
}

/* Opens the loop over warps and computes cuwa_act (lanes taking part)
 * and cuwa_live (lanes that exist and have not exited). */
static void open_warps(CEmit *e) {
  c_line(e, "for (size_t cuwa_w = cuwa_rlo & ~(size_t)31; cuwa_w < cuwa_rhi; cuwa_w += 32) {");
  e->depth++;
  c_line(e, "const uint32_t cuwa_wn = cuwa_n - cuwa_w < 32 ? (uint32_t)(cuwa_n - cuwa_w) : 32u;");
  c_line(e, "uint32_t cuwa_act = 0, cuwa_live = 0;");
  c_line(e, "for (uint32_t cuwa_l = 0; cuwa_l < cuwa_wn; cuwa_l++) {");
  c_line(e, "  const size_t cuwa_tid = cuwa_w + cuwa_l;");
  if (e->may_exit) c_line(e, "  if (cuwa_exited[cuwa_tid]) continue;");
  c_line(e, "  cuwa_live |= 1u << cuwa_l;");
  c_line(e, "  if (%s) continue;", c_fission_guard(e));
  c_line(e, "  cuwa_act |= 1u << cuwa_l;");
  c_line(e, "}");
  c_line(e, "if (!cuwa_act) continue;");
  c_line(e, "(void)cuwa_live;");
}

static void open_lanes(CEmit *e) {
  c_line(e, "for (uint32_t cuwa_l = 0; cuwa_l < cuwa_wn; cuwa_l++) {");
  e->depth++;
  c_line(e, "if (!(cuwa_act >> cuwa_l & 1u)) continue;");
  c_line(e, "const size_t cuwa_tid = cuwa_w + cuwa_l;");
}

static void close_brace(CEmit *e) {
  e->depth--;
  c_line(e, "}");
}

/* cuwa_m: this lane's mask, checked against the lanes that are here. */
static void print_mask_check(CEmit *e, const IrInst *i) {
  c_line(e, "const uint32_t cuwa_m = (uint32_t)%s;", c_val(e, i->args[0]));
  c_line(e, "if (cuwa_m & cuwa_live & ~cuwa_act) {");
  e->depth++;
  c_print_sync_error(e, i,
      arena_printf(e->a, "%s in divergent control flow is not supported yet: its mask names "
                         "a lane that is not at this call", ir_intrinsic_name(i->intrinsic)),
      true);
  close_brace(e);
}

/* cuwa_votes: the lanes taking part whose predicate (args[1]) is not 0. */
static void print_votes(CEmit *e, const IrInst *i) {
  c_line(e, "uint32_t cuwa_votes = 0;");
  open_lanes(e);
  c_line(e, "if (%s) cuwa_votes |= 1u << cuwa_l;", c_val(e, i->args[1]));
  close_brace(e);
}

static void print_shfl(CEmit *e, const IrInst *i, int mode) {
  const IrInst *v = i->args[1];
  c_line(e, "const uint32_t cuwa_j = cuwa_shfl_lane(%d, cuwa_l, (uint32_t)%s, (int32_t)%s);", mode,
         c_val(e, i->args[2]), c_val(e, i->args[3]));
  /* a lane that does not exist or sits out: undefined in CUDA; its own value */
  c_def(e, i, "(cuwa_j < cuwa_wn && (cuwa_act >> cuwa_j & 1u)) ? %s : %s",
        lane_val(e, v, "cuwa_j"), c_val(e, v));
}

static void print_match(CEmit *e, const IrInst *i, bool all) {
  const IrInst *v = i->args[1];
  const char *T = c_type(e, v->ty);
  c_line(e, "uint32_t cuwa_r = 0;");
  c_line(e, "const %s cuwa_mine = %s;", T, c_val(e, v));
  c_line(e, "for (uint32_t cuwa_k = 0; cuwa_k < cuwa_wn; cuwa_k++) {");
  c_line(e, "  if (!((cuwa_m & cuwa_act) >> cuwa_k & 1u)) continue;");
  c_line(e, "  const %s cuwa_o = %s;", T, lane_val(e, v, "cuwa_k"));
  c_line(e, "  if (memcmp(&cuwa_o, &cuwa_mine, sizeof cuwa_o) == 0) cuwa_r |= 1u << cuwa_k;");
  c_line(e, "}");
  if (!all) {
    c_def(e, i, "cuwa_r");
    return;
  }
  c_line(e, "const int cuwa_same = cuwa_r == (cuwa_m & cuwa_act);");
  c_line(e, "*%s = cuwa_same;", c_val(e, i->args[2]));
  c_def(e, i, "cuwa_same ? cuwa_m : 0u");
}

static void print_reduce(CEmit *e, const IrInst *i, char op) {
  const IrInst *v = i->args[1];
  const char *T = c_type(e, v->ty);
  c_line(e, "%s cuwa_acc = 0;", T);
  c_line(e, "int cuwa_first = 1;");
  c_line(e, "for (uint32_t cuwa_k = 0; cuwa_k < cuwa_wn; cuwa_k++) {");
  c_line(e, "  if (!((cuwa_m & cuwa_act) >> cuwa_k & 1u)) continue;");
  c_line(e, "  const %s cuwa_o = %s;", T, lane_val(e, v, "cuwa_k"));
  switch (op) {
  case '+': c_line(e, "  cuwa_acc = (%s)((uint32_t)cuwa_acc + (uint32_t)cuwa_o);", T); break;
  case '<': c_line(e, "  if (cuwa_first || cuwa_o < cuwa_acc) cuwa_acc = cuwa_o;"); break;
  case '>': c_line(e, "  if (cuwa_first || cuwa_o > cuwa_acc) cuwa_acc = cuwa_o;"); break;
  default:
    c_line(e, "  cuwa_acc = cuwa_first ? cuwa_o : (%s)(cuwa_acc %c cuwa_o);", T, op);
    break;
  }
  c_line(e, "  cuwa_first = 0;");
  c_line(e, "}");
  c_def(e, i, "cuwa_acc");
}

/* A shuffle where every lane of the block takes part (no thread exited,
 * none sits out): one loop over the threads, which vectorizes. */
static void print_plain_shfl(CEmit *e, const IrInst *i, int mode) {
  const IrInst *v = i->args[1];
  c_line(e, "for (size_t cuwa_tid = cuwa_rlo & ~(size_t)31; cuwa_tid < cuwa_rhi; cuwa_tid++) {");
  e->depth++;
  c_line(e, "const uint32_t cuwa_l = (uint32_t)cuwa_tid & 31u;");
  c_line(e, "const size_t cuwa_w = cuwa_tid - cuwa_l;");
  c_line(e, "const uint32_t cuwa_wn = cuwa_n - cuwa_w < 32 ? (uint32_t)(cuwa_n - cuwa_w) : 32u;");
  c_line(e, "const uint32_t cuwa_j = cuwa_shfl_lane(%d, cuwa_l, (uint32_t)%s, (int32_t)%s);", mode,
         c_val(e, i->args[2]), c_val(e, i->args[3]));
  c_def(e, i, "cuwa_j < cuwa_wn ? %s : %s", lane_val(e, v, "cuwa_j"), c_val(e, v));
  e->depth--;
  c_line(e, "}");
}

/* Up and down shuffles by a delta and width the whole block shares: per
 * segment of the warp, one run of lanes keeps its value and one reads a
 * fixed distance away, both loops the C compiler vectorizes. Other widths
 * than powers of two take print_plain_shfl's path. */
static void print_shifted_shfl(CEmit *e, const IrInst *i, int mode) {
  const IrInst *v = i->args[1];
  uint32_t id = i->id;
  c_line(e, "const uint32_t cuwa_d%u = (uint32_t)%s & 31u, cuwa_sw%u = (uint32_t)%s;", id,
         c_val(e, i->args[2]), id, c_val(e, i->args[3]));
  c_line(e, "if (cuwa_sw%u >= 1 && cuwa_sw%u <= 32 && (cuwa_sw%u & (cuwa_sw%u - 1)) == 0) {", id, id,
         id, id);
  e->depth++;
  c_line(e, "for (size_t cuwa_w = cuwa_rlo & ~(size_t)31; cuwa_w < cuwa_rhi; cuwa_w += 32) {");
  e->depth++;
  c_line(e, "const size_t cuwa_wn = cuwa_n - cuwa_w < 32 ? cuwa_n - cuwa_w : 32;");
  c_line(e, "for (size_t cuwa_s = 0; cuwa_s < cuwa_wn; cuwa_s += cuwa_sw%u) {", id);
  e->depth++;
  c_line(e, "const size_t cuwa_e = cuwa_s + cuwa_sw%u < cuwa_wn ? cuwa_s + cuwa_sw%u : cuwa_wn;", id,
         id);
  const char *own = e->spilled[v->id] ? arena_printf(e->a, "t%u[cuwa_tid]", v->id) : c_val(e, v);
  if (mode == 1) {  /* up: lanes below s + d keep their own value */
    c_line(e, "const size_t cuwa_m = cuwa_s + cuwa_d%u < cuwa_e ? cuwa_s + cuwa_d%u : cuwa_e;", id, id);
    c_line(e, "for (size_t cuwa_l = cuwa_s; cuwa_l < cuwa_m; cuwa_l++) {");
    c_line(e, "  const size_t cuwa_tid = cuwa_w + cuwa_l;");
    e->depth++;
    c_def(e, i, "%s", own);
    e->depth--;
    c_line(e, "}");
    c_line(e, "for (size_t cuwa_l = cuwa_m; cuwa_l < cuwa_e; cuwa_l++) {");
    c_line(e, "  const size_t cuwa_tid = cuwa_w + cuwa_l;");
    e->depth++;
    c_def(e, i, "%s", lane_val(e, v, arena_printf(e->a, "cuwa_l - cuwa_d%u", id)));
    e->depth--;
    c_line(e, "}");
  } else {  /* down: lanes from the segment's end - d (or the warp's) keep theirs */
    c_line(e, "const size_t cuwa_m = cuwa_e > cuwa_s + cuwa_d%u ? cuwa_e - cuwa_d%u : cuwa_s;", id, id);
    c_line(e, "for (size_t cuwa_l = cuwa_s; cuwa_l < cuwa_m; cuwa_l++) {");
    c_line(e, "  const size_t cuwa_tid = cuwa_w + cuwa_l;");
    e->depth++;
    c_def(e, i, "%s", lane_val(e, v, arena_printf(e->a, "cuwa_l + cuwa_d%u", id)));
    e->depth--;
    c_line(e, "}");
    c_line(e, "for (size_t cuwa_l = cuwa_m; cuwa_l < cuwa_e; cuwa_l++) {");
    c_line(e, "  const size_t cuwa_tid = cuwa_w + cuwa_l;");
    e->depth++;
    c_def(e, i, "%s", own);
    e->depth--;
    c_line(e, "}");
  }
  e->depth--;
  c_line(e, "}");
  e->depth--;
  c_line(e, "}");
  e->depth--;
  c_line(e, "} else {");
  e->depth++;
  print_plain_shfl(e, i, mode);
  e->depth--;
  c_line(e, "}");
}

static void print_warp_collective(CEmit *e, const IrInst *i) {
  WarpOp w = warp_op(i->intrinsic);
  c_line(e, "{  /* %s */", ir_intrinsic_name(i->intrinsic));
  e->depth++;
  if (w.kind == WK_SHFL && !e->may_exit && !e->guards.len) {
    /* every lane is here: masks cannot name an absent lane */
    if ((w.mode == 1 || w.mode == 2) && c_is_block_scalar(e, i->args[2]) &&
        c_is_block_scalar(e, i->args[3]))
      print_shifted_shfl(e, i, w.mode);
    else
      print_plain_shfl(e, i, w.mode);
    close_brace(e);
    return;
  }
  open_warps(e);
  if (w.kind == WK_BALLOT || w.kind == WK_ANY || w.kind == WK_ALL) print_votes(e, i);
  open_lanes(e);
  if (w.kind != WK_ACTIVEMASK) print_mask_check(e, i);
  switch (w.kind) {
  case WK_SHFL: print_shfl(e, i, w.mode); break;
  case WK_BALLOT: c_def(e, i, "cuwa_votes & cuwa_m"); break;
  case WK_ANY: c_def(e, i, "(int32_t)((cuwa_votes & cuwa_m) != 0)"); break;
  case WK_ALL: c_def(e, i, "(int32_t)((cuwa_m & cuwa_act & ~cuwa_votes) == 0)"); break;
  case WK_ACTIVEMASK: c_def(e, i, "cuwa_act"); break;
  case WK_SYNCWARP: break;
  case WK_MATCH_ANY: print_match(e, i, false); break;
  case WK_MATCH_ALL: print_match(e, i, true); break;
  case WK_REDUCE: print_reduce(e, i, w.reduce); break;
  default: ICE("warp kind %d", (int)w.kind);
  }
  close_brace(e);
  close_brace(e);
  close_brace(e);
}

/* __syncthreads_count/_and/_or: a barrier, then one answer for the block
 * (a block-level scalar: c_fission.c hoists these). */
static void print_block_collective(CEmit *e, const IrInst *i) {
  uint32_t id = i->id;
  c_line(e, "int32_t cuwa_yes%u = 0, cuwa_all%u = 0;", id, id);
  c_line(e, "for (size_t cuwa_tid = cuwa_rlo & ~(size_t)31; cuwa_tid < cuwa_rhi; cuwa_tid++) {");
  c_line(e, "  if (%s) continue;", c_fission_guard(e));
  c_line(e, "  cuwa_all%u++;", id);
  c_line(e, "  if (%s) cuwa_yes%u++;", c_val(e, i->args[0]), id);
  c_line(e, "}");
  switch (i->intrinsic) {
  case IN_SYNCTHREADS_COUNT: c_def(e, i, "cuwa_yes%u", id); break;
  case IN_SYNCTHREADS_AND: c_def(e, i, "(int32_t)(cuwa_yes%u == cuwa_all%u)", id, id); break;
  case IN_SYNCTHREADS_OR: c_def(e, i, "(int32_t)(cuwa_yes%u != 0)", id); break;
  default: ICE("%s is not a block collective", ir_intrinsic_name(i->intrinsic));
  }
}

/* The CUWA_FW_* operation of warp collective id (kernel_abi.h), for
 * c_fiber.c; *shfl_mode: cuwa_shfl_lane's mode of a shuffle. */
int c_warp_fiber_op(IrIntrinsic id, int *shfl_mode) {
  WarpOp w = warp_op(id);
  *shfl_mode = w.mode;
  switch (w.kind) {
  case WK_SHFL: return CUWA_FW_SHFL;
  case WK_BALLOT: return CUWA_FW_BALLOT;
  case WK_ANY: return CUWA_FW_ANY;
  case WK_ALL: return CUWA_FW_ALL;
  case WK_ACTIVEMASK: return CUWA_FW_ACTIVEMASK;
  case WK_SYNCWARP: return CUWA_FW_SYNCWARP;
  case WK_MATCH_ANY: return CUWA_FW_MATCH_ANY;
  case WK_MATCH_ALL: return CUWA_FW_MATCH_ALL;
  case WK_REDUCE: break;
  default: ICE("warp kind %d", (int)w.kind);
  }
  bool sgn = id == IN_REDUCE_MIN_I || id == IN_REDUCE_MAX_I;
  switch (w.reduce) {
  case '+': return CUWA_FW_ADD;
  case '<': return sgn ? CUWA_FW_MIN_I : CUWA_FW_MIN_U;
  case '>': return sgn ? CUWA_FW_MAX_I : CUWA_FW_MAX_U;
  case '&': return CUWA_FW_AND;
  case '|': return CUWA_FW_OR;
  case '^': return CUWA_FW_XOR;
  default: ICE("reduce op %c", w.reduce);
  }
}

/* grid.sync() at block level: every thread of the block is here. */
static void print_grid_sync(CEmit *e, const IrInst *i) {
  const char *file = e->m->source_path ? e->m->source_path : "";
  if (e->d && i->loc.file < (uint32_t)e->d->files.len && i->loc.line)
    file = e->d->files.data[i->loc.file]->path;
  if (e->check) c_line(e, "cuwa_check_barrier(ctx, 0);");
  c_line(e, "if (cuwa_grid_sync(ctx, %s, %u)) goto cuwa_end;  /* grid.sync() */", c_str(e, file),
         i->loc.line);
}

void c_print_collective(CEmit *e, const IrInst *i) {
  if (i->intrinsic == IN_GRID_SYNC) {
    print_grid_sync(e, i);
    return;
  }
  /* racecheck: a block collective is a barrier, __syncwarp a warp barrier */
  if (e->check && ir_intrinsic_class(i->intrinsic) == INC_BLOCK)
    c_line(e, "cuwa_check_barrier(ctx, 0);");
  else if (e->check && i->intrinsic == IN_SYNCWARP)
    c_line(e, "cuwa_check_barrier(ctx, 1);");
  switch (ir_intrinsic_class(i->intrinsic)) {
  case INC_WARP: print_warp_collective(e, i); break;
  case INC_BLOCK: print_block_collective(e, i); break;
  default: ICE("%s is not a collective", ir_intrinsic_name(i->intrinsic));
  }
}
