/* wgsl_warp.c: warp and block collectives in WGSL, without subgroups
 * (SwiftShader's subgroups are 4 wide, not 32). Every invocation of the
 * workgroup calls the helper (predicated printing puts collectives in
 * uniform control flow, wgsl_pred.c), with a flag saying whether its CUDA
 * thread is really there: each writes (value, active, predicate) into a
 * workgroup array, a barrier, each reads its warp's lanes, and the next
 * collective starts with a barrier so that the array is free again. Exact
 * for widths 1..32, partial masks and a partial last warp; a lane that
 * does not exist reads its own value, as PTX shfl does. The coarse
 * printing uses the same readers (the _at helpers) after writing all the
 * invocation's CUDA threads (wgsl_warp_parts). */
#include "wgsl_print.h"

static const char warp_core[] =
    "var<workgroup> cuwa_wv: array<vec4<u32>, cuwa_wg * cuwa_vt>;\n"
    "fn cuwa_wput(ct: vec3<u32>, v: vec2<u32>, act: bool, p: bool) -> u32 {\n"
    "  let t = ct.x + cuwa_u[1].x * (ct.y + cuwa_u[1].y * ct.z);\n"
    "  workgroupBarrier();\n"
    "  cuwa_wset(t, v, act, p);\n"
    "  workgroupBarrier();\n"
    "  return t;\n}\n"
    /* the write phase alone, for invocations that run several CUDA threads
     * (wgsl_coarse.c): write all of them, a barrier, then read (the _at
     * functions; n is the block's thread count, lanes beyond it absent) */
    "fn cuwa_wset(t: u32, v: vec2<u32>, act: bool, p: bool) {\n"
    "  cuwa_wv[t] = vec4<u32>(v, select(0u, 1u, act), select(0u, 1u, p));\n}\n"
    "fn cuwa_shfl(ct: vec3<u32>, act: bool, v: vec2<u32>, kind: u32, b0: u32, w0: u32) -> vec2<u32> {\n"
    "  return cuwa_shfl_at(cuwa_wput(ct, v, act, false), cuwa_wg, v, kind, b0, w0);\n}\n"
    "fn cuwa_shfl_at(t: u32, n: u32, v: vec2<u32>, kind: u32, b0: u32, w0: u32) -> vec2<u32> {\n"
    "  let lane = t & 31u;\n  let w = clamp(w0, 1u, 32u);\n  let b = b0 & 31u;\n"
    "  let seg = lane / w * w;\n  var j = lane;\n"
    "  if (kind == 0u) { j = seg + b % w; }\n"
    "  else if (kind == 1u) { if (lane - seg >= b) { j = lane - b; } }\n"
    "  else if (kind == 2u) { if (lane - seg + b < w) { j = lane + b; } }\n"
    "  else if (((lane ^ b) / w) <= lane / w) { j = lane ^ b; }\n"
    "  let s = t - lane + j;\n"
    "  if (s >= n) { return v; }\n"
    "  return cuwa_wv[s].xy;\n}\n"
    /* (lanes with the predicate, active lanes) of the caller's warp */
    "fn cuwa_wvote(ct: vec3<u32>, act: bool, p: bool) -> vec2<u32> {\n"
    "  return cuwa_wvote_at(cuwa_wput(ct, vec2<u32>(0u), act, p), cuwa_wg);\n}\n"
    "fn cuwa_wvote_at(t: u32, n: u32) -> vec2<u32> {\n"
    "  let base = t & ~31u;\n  var r = vec2<u32>(0u);\n"
    "  for (var k = 0u; k < 32u && base + k < n; k++) {\n"
    "    let e = cuwa_wv[base + k];\n"
    "    if (e.z != 0u) { r.y |= 1u << k; if (e.w != 0u) { r.x |= 1u << k; } }\n"
    "  }\n  return r;\n}\n"
    /* __reduce_*_sync over the active lanes of mask: op 0 add, 1 min i32,
     * 2 min u32, 3 max i32, 4 max u32, 5 and, 6 or, 7 xor */
    "fn cuwa_wred(ct: vec3<u32>, act: bool, v: u32, mask: u32, op: u32) -> u32 {\n"
    "  return cuwa_wred_at(cuwa_wput(ct, vec2<u32>(v, 0u), act, false), cuwa_wg, v, mask, op);\n}\n"
    "fn cuwa_wred_at(t: u32, n: u32, v: u32, mask: u32, op: u32) -> u32 {\n"
    "  let base = t & ~31u;\n  var r = v;\n  var first = true;\n"
    "  for (var k = 0u; k < 32u && base + k < n; k++) {\n"
    "    let e = cuwa_wv[base + k];\n"
    "    if (e.z == 0u || ((mask >> k) & 1u) == 0u) { continue; }\n"
    "    let x = e.x;\n"
    "    if (first) { r = x; first = false; continue; }\n"
    "    switch (op) {\n"
    "      case 0u: { r = r + x; }\n"
    "      case 1u: { r = bitcast<u32>(min(bitcast<i32>(r), bitcast<i32>(x))); }\n"
    "      case 2u: { r = min(r, x); }\n"
    "      case 3u: { r = bitcast<u32>(max(bitcast<i32>(r), bitcast<i32>(x))); }\n"
    "      case 4u: { r = max(r, x); }\n"
    "      case 5u: { r = r & x; }\n"
    "      case 6u: { r = r | x; }\n"
    "      default: { r = r ^ x; }\n"
    "    }\n  }\n  return r;\n}\n"
    /* (__match_any_sync, __match_all_sync) over the active lanes of mask */
    "fn cuwa_wmatch(ct: vec3<u32>, act: bool, v: vec2<u32>, mask: u32) -> vec2<u32> {\n"
    "  return cuwa_wmatch_at(cuwa_wput(ct, v, act, false), cuwa_wg, v, mask);\n}\n"
    "fn cuwa_wmatch_at(t: u32, n: u32, v: vec2<u32>, mask: u32) -> vec2<u32> {\n"
    "  let base = t & ~31u;\n  var same = 0u;\n  var eq = true;\n"
    "  for (var k = 0u; k < 32u && base + k < n; k++) {\n"
    "    let e = cuwa_wv[base + k];\n"
    "    if (e.z == 0u || ((mask >> k) & 1u) == 0u) { continue; }\n"
    "    if (all(e.xy == v)) { same |= 1u << k; } else { eq = false; }\n"
    "  }\n  return vec2<u32>(same, select(0u, mask, eq));\n}\n"
    "fn cuwa_wall(v: vec2<u32>, mask: u32) -> i32 { return select(0i, 1i, (v.x & mask) == (v.y & mask)); }\n"
    /* __syncthreads_count: the count is read back through
     * workgroupUniformLoad, so WGSL knows it is uniform */
    "var<workgroup> cuwa_wa: atomic<u32>;\n"
    "var<workgroup> cuwa_wu: u32;\n"
    "fn cuwa_bcount(ct: vec3<u32>, act: bool, p: bool) -> u32 {\n"
    "  let t = ct.x + cuwa_u[1].x * (ct.y + cuwa_u[1].y * ct.z);\n"
    "  return cuwa_bsum(t, select(0u, 1u, act && p));\n}\n"
    /* the sum over the workgroup of c (each invocation's count of its
     * CUDA threads); li 0 resets and publishes */
    "fn cuwa_bsum(li: u32, c: u32) -> u32 {\n"
    "  storageBarrier();\n"
    "  if (li == 0u) { atomicStore(&cuwa_wa, 0u); }\n"
    "  workgroupBarrier();\n"
    "  if (c != 0u) { atomicAdd(&cuwa_wa, c); }\n"
    "  workgroupBarrier();\n"
    "  if (li == 0u) { cuwa_wu = atomicLoad(&cuwa_wa); }\n"
    "  return workgroupUniformLoad(&cuwa_wu);\n}\n"
    /* the thread index and block size of a coarse invocation's thread t */
    "fn cuwa_vct(t: u32) -> vec3<u32> {\n"
    "  let bd = cuwa_u[1].xyz;\n"
    "  return vec3<u32>(t % bd.x, (t / bd.x) % bd.y, t / (bd.x * bd.y));\n}\n"
    "fn cuwa_nthr() -> u32 { return cuwa_u[1].x * cuwa_u[1].y * cuwa_u[1].z; }\n";

/* A value as vec2<u32> for the exchange array, and back. */
static const char *to_pair(WgslPrinter *p, const IrType *t, const char *v) {
  switch (t->kind) {
  case IRT_I64: case IRT_U64: return v;
  case IRT_U32: return arena_printf(p->a, "vec2<u32>(%s, 0u)", v);
  case IRT_I32: case IRT_F32: return arena_printf(p->a, "vec2<u32>(bitcast<u32>(%s), 0u)", v);
  default: ICE("warp value of type %d", t->kind);
  }
}

static const char *from_pair(WgslPrinter *p, const IrType *t, const char *v) {
  switch (t->kind) {
  case IRT_I64: case IRT_U64: return v;
  case IRT_U32: return arena_printf(p->a, "%s.x", v);
  case IRT_I32: return arena_printf(p->a, "bitcast<i32>(%s.x)", v);
  case IRT_F32: return arena_printf(p->a, "bitcast<f32>(%s.x)", v);
  default: ICE("warp value of type %d", t->kind);
  }
}

static int shfl_kind(IrIntrinsic id) {
  switch (id) {
  case IN_SHFL_I: case IN_SHFL_U: case IN_SHFL_L: case IN_SHFL_UL: case IN_SHFL_F: return 0;
  case IN_SHFL_UP_I: case IN_SHFL_UP_U: case IN_SHFL_UP_L: case IN_SHFL_UP_UL: case IN_SHFL_UP_F: return 1;
  case IN_SHFL_DOWN_I: case IN_SHFL_DOWN_U: case IN_SHFL_DOWN_L: case IN_SHFL_DOWN_UL:
  case IN_SHFL_DOWN_F: return 2;
  case IN_SHFL_XOR_I: case IN_SHFL_XOR_U: case IN_SHFL_XOR_L: case IN_SHFL_XOR_UL: case IN_SHFL_XOR_F: return 3;
  default: return -1;
  }
}

static int reduce_op(IrIntrinsic id) {
  switch (id) {
  case IN_REDUCE_ADD_I: case IN_REDUCE_ADD_U: return 0;
  case IN_REDUCE_MIN_I: return 1;
  case IN_REDUCE_MIN_U: return 2;
  case IN_REDUCE_MAX_I: return 3;
  case IN_REDUCE_MAX_U: return 4;
  case IN_REDUCE_AND: return 5;
  case IN_REDUCE_OR: return 6;
  case IN_REDUCE_XOR: return 7;
  default: return -1;
  }
}

/* Whether this back end prints collective id (double rows are not). */
bool wgsl_warp_supported(IrIntrinsic id) {
  const char *sig = ir_intrinsic_signature(id);
  for (const char *s = sig; *s; s++)
    if (*s == 'd') return false;
  return true;
}

/* u32 of an int/unsigned argument. */
static const char *as_u32(WgslPrinter *p, const IrInst *x, const char *v) {
  return x->ty->kind == IRT_I32 ? arena_printf(p->a, "bitcast<u32>(%s)", v) : v;
}

/* The expression of collective i, executed by every invocation; act says
 * whether the CUDA thread is there. match_all's predicate store is the
 * caller's (*pred_out gets "(expr).y != 0u" to store, or NULL). */
void wgsl_need_warp(WgslPrinter *p) {
  if (map_get(&p->done, "cuwa_warp")) return;
  map_put(&p->done, "cuwa_warp", "cuwa_warp");
  strbuf_puts(&p->helpers, warp_core);
}

const char *wgsl_warp_expr(WgslPrinter *p, const IrInst *i, const char *const *a, const char *act,
                           const char **pred_out) {
  wgsl_need_warp(p);
  IrIntrinsic id = i->intrinsic;
  Arena *A = p->a;
  *pred_out = NULL;
  int k = shfl_kind(id);
  if (k >= 0) {
    const IrType *t = i->ty;
    const char *r = arena_printf(A, "cuwa_shfl(ct, %s, %s, %du, %s, %s)", act, to_pair(p, t, a[1]), k,
                                 as_u32(p, i->args[2], a[2]), as_u32(p, i->args[3], a[3]));
    return from_pair(p, t, r);
  }
  int op = reduce_op(id);
  if (op >= 0) {
    const char *r = arena_printf(A, "cuwa_wred(ct, %s, %s, %s, %du)", act, as_u32(p, i->args[1], a[1]), a[0], op);
    return i->ty->kind == IRT_I32 ? arena_printf(A, "bitcast<i32>(%s)", r) : r;
  }
  switch (id) {
  case IN_BALLOT: return arena_printf(A, "(cuwa_wvote(ct, %s, %s != 0i).x & %s)", act, a[1], a[0]);
  case IN_ANY: return arena_printf(A, "select(0i, 1i, (cuwa_wvote(ct, %s, %s != 0i).x & %s) != 0u)", act, a[1], a[0]);
  case IN_ALL:
    return arena_printf(A, "cuwa_wall(cuwa_wvote(ct, %s, %s != 0i), %s)", act, a[1], a[0]);
  case IN_ACTIVEMASK: return arena_printf(A, "cuwa_wvote(ct, %s, false).y", act);
  case IN_SYNCWARP: return "cuwa_wput(ct, vec2<u32>(0u), false, false)";
  case IN_MATCH_ANY_I: case IN_MATCH_ANY_U: case IN_MATCH_ANY_L: case IN_MATCH_ANY_UL: case IN_MATCH_ANY_F:
    return arena_printf(A, "cuwa_wmatch(ct, %s, %s, %s).x", act, to_pair(p, i->args[1]->ty, a[1]), a[0]);
  case IN_MATCH_ALL_I: case IN_MATCH_ALL_U: case IN_MATCH_ALL_L: case IN_MATCH_ALL_UL: case IN_MATCH_ALL_F:
    *pred_out = "match";
    return arena_printf(A, "cuwa_wmatch(ct, %s, %s, %s)", act, to_pair(p, i->args[1]->ty, a[1]), a[0]);
  case IN_SYNCTHREADS_COUNT: return arena_printf(A, "i32(cuwa_bcount(ct, %s, %s != 0i))", act, a[0]);
  case IN_SYNCTHREADS_AND:
    return arena_printf(A, "select(0i, 1i, cuwa_bcount(ct, %s, %s == 0i) == 0u)", act, a[0]);
  case IN_SYNCTHREADS_OR: return arena_printf(A, "select(0i, 1i, cuwa_bcount(ct, %s, %s != 0i) != 0u)", act, a[0]);
  default: ICE("collective %s", ir_intrinsic_name(id));
  }
}

/* Collective i for invocations that run several CUDA threads (the coarse
 * printing of wgsl_print.c): each thread writes (*put_v, *put_p) in one
 * loop, a barrier, then each reads its result with *read, an expression
 * of its linear index `t` and the block's thread count `cuwa_nthr()`.
 * Returns 'w' for those; 'b' for the block collectives (every thread
 * counts *put_p, *read is over the block's count `cuwa_c`), 's' for
 * __syncwarp (only barriers). *pred_out as for wgsl_warp_expr. */
char wgsl_warp_parts(WgslPrinter *p, const IrInst *i, const char *const *a, const char **put_v,
                     const char **put_p, const char **read, const char **pred_out) {
  wgsl_need_warp(p);
  IrIntrinsic id = i->intrinsic;
  Arena *A = p->a;
  const char *n = "cuwa_nthr()";
  *pred_out = NULL;
  *put_v = "vec2<u32>(0u)";
  *put_p = "false";
  int k = shfl_kind(id);
  if (k >= 0) {
    const IrType *t = i->ty;
    *put_v = to_pair(p, t, a[1]);
    *read = from_pair(p, t, arena_printf(A, "cuwa_shfl_at(t, %s, %s, %du, %s, %s)", n, *put_v, k,
                                         as_u32(p, i->args[2], a[2]), as_u32(p, i->args[3], a[3])));
    return 'w';
  }
  int op = reduce_op(id);
  if (op >= 0) {
    const char *v = as_u32(p, i->args[1], a[1]);
    *put_v = arena_printf(A, "vec2<u32>(%s, 0u)", v);
    const char *r = arena_printf(A, "cuwa_wred_at(t, %s, %s, %s, %du)", n, v, a[0], op);
    *read = i->ty->kind == IRT_I32 ? arena_printf(A, "bitcast<i32>(%s)", r) : r;
    return 'w';
  }
  const char *vote = arena_printf(A, "cuwa_wvote_at(t, %s)", n);
  switch (id) {
  case IN_BALLOT:
    *put_p = arena_printf(A, "%s != 0i", a[1]);
    *read = arena_printf(A, "(%s.x & %s)", vote, a[0]);
    return 'w';
  case IN_ANY:
    *put_p = arena_printf(A, "%s != 0i", a[1]);
    *read = arena_printf(A, "select(0i, 1i, (%s.x & %s) != 0u)", vote, a[0]);
    return 'w';
  case IN_ALL:
    *put_p = arena_printf(A, "%s != 0i", a[1]);
    *read = arena_printf(A, "cuwa_wall(%s, %s)", vote, a[0]);
    return 'w';
  case IN_ACTIVEMASK: *read = arena_printf(A, "%s.y", vote); return 'w';
  case IN_SYNCWARP: *read = ""; return 's';
  case IN_MATCH_ANY_I: case IN_MATCH_ANY_U: case IN_MATCH_ANY_L: case IN_MATCH_ANY_UL: case IN_MATCH_ANY_F:
    *put_v = to_pair(p, i->args[1]->ty, a[1]);
    *read = arena_printf(A, "cuwa_wmatch_at(t, %s, %s, %s).x", n, *put_v, a[0]);
    return 'w';
  case IN_MATCH_ALL_I: case IN_MATCH_ALL_U: case IN_MATCH_ALL_L: case IN_MATCH_ALL_UL: case IN_MATCH_ALL_F:
    *put_v = to_pair(p, i->args[1]->ty, a[1]);
    *pred_out = "match";
    *read = arena_printf(A, "cuwa_wmatch_at(t, %s, %s, %s)", n, *put_v, a[0]);
    return 'w';
  case IN_SYNCTHREADS_COUNT:
    *put_p = arena_printf(A, "%s != 0i", a[0]);
    *read = "i32(cuwa_c)";
    return 'b';
  case IN_SYNCTHREADS_AND:
    *put_p = arena_printf(A, "%s == 0i", a[0]);
    *read = "select(0i, 1i, cuwa_c == 0u)";
    return 'b';
  case IN_SYNCTHREADS_OR:
    *put_p = arena_printf(A, "%s != 0i", a[0]);
    *read = "select(0i, 1i, cuwa_c != 0u)";
    return 'b';
  default: ICE("collective %s", ir_intrinsic_name(id));
  }
}
