/* wgsl_atomic.c: CUDA atomics in WGSL. The memory they touch (the heap or
 * shared memory) is declared array<atomic<u32>> when a module has any
 * atomic on it (wgsl_check.c), so each CUDA atomic on a 32-bit word is a
 * WGSL atomic builtin, or a compare-exchange loop where WGSL has no
 * builtin (signed min/max, atomicInc/Dec, float add, 16-bit CAS, 64-bit
 * operations on two words under a per-word lock). One helper per
 * (operation, space), printed on first use. It decides nothing: can_emit
 * already checked the pointer's space. The loops leave by break, never by
 * a return inside the loop: SwiftShader returned stale values from lanes
 * that returned while others of their SIMD group kept looping. */
#include "wgsl_print.h"

#include <string.h>

static const char *array_of(char sp) { return sp == 's' ? "cuwa_shm" : "cuwa_heap"; }


/* Prints fn <name>(a: u32, v: <vt>) -> <rt> as a compare-exchange loop:
 * n is the new word from the old word o and v, res the result from o. */
static void cas_loop(WgslPrinter *p, const char *name, char sp, const char *vt, const char *rt,
                     const char *n, const char *res) {
  strbuf_printf(&p->helpers,
                "fn %s(a: u32, v: %s) -> %s {\n"
                "  let q = &%s[a >> 2u];\n"
                "  var o = atomicLoad(q);\n"
                "  loop {\n"
                "    let r = atomicCompareExchangeWeak(q, o, %s);\n"
                "    if (r.exchanged) { break; }\n"
                "    o = r.old_value;\n"
                "  }\n"
                "  return %s;\n}\n",
                name, vt, rt, array_of(sp), n, res);
}

/* Prints fn <name>(a: u32, v: <t>) -> <t> through the builtin atomic <fn>. */
static void direct(WgslPrinter *p, const char *name, char sp, const char *fn, bool sgn) {
  if (sgn)
    strbuf_printf(&p->helpers,
                  "fn %s(a: u32, v: i32) -> i32 { return bitcast<i32>(%s(&%s[a >> 2u], bitcast<u32>(v))); }\n",
                  name, fn, array_of(sp));
  else
    strbuf_printf(&p->helpers, "fn %s(a: u32, v: u32) -> u32 { return %s(&%s[a >> 2u], v); }\n", name, fn,
                  array_of(sp));
}

/* CAS of one word: CUDA's strong compare-and-swap from WGSL's weak one. */
static void print_cas(WgslPrinter *p, const char *name, char sp, const char *t) {
  bool sgn = t[0] == 'i';
  strbuf_printf(&p->helpers,
                "fn %s(a: u32, c: %s, v: %s) -> %s {\n"
                "  var o: u32;\n"
                "  loop {\n"
                "    let r = atomicCompareExchangeWeak(&%s[a >> 2u], %s, %s);\n"
                "    o = r.old_value;\n"
                "    if (r.exchanged || o != %s) { break; }\n"
                "  }\n"
                "  return %s;\n}\n",
                name, t, t, t, array_of(sp), sgn ? "bitcast<u32>(c)" : "c", sgn ? "bitcast<u32>(v)" : "v",
                sgn ? "bitcast<u32>(c)" : "c", sgn ? "bitcast<i32>(o)" : "o");
}

/* 16-bit CAS: the half word inside its aligned word. */
static void print_cas16(WgslPrinter *p, const char *name, char sp) {
  strbuf_printf(&p->helpers,
                "fn %s(a: u32, c: u32, v: u32) -> u32 {\n"
                "  let q = &%s[a >> 2u];\n"
                "  let s = (a & 2u) * 8u;\n"
                "  var o = atomicLoad(q);\n"
                "  loop {\n"
                "    if (((o >> s) & 0xffffu) != (c & 0xffffu)) { break; }\n"
                "    let r = atomicCompareExchangeWeak(q, o, (o & ~(0xffffu << s)) | ((v & 0xffffu) << s));\n"
                "    if (r.exchanged) { break; }\n"
                "    o = r.old_value;\n"
                "  }\n"
                "  return (o >> s) & 0xffffu;\n}\n",
                name, array_of(sp));
}

/* 64-bit operations: WGSL has no 64-bit atomics, so the two words of a
 * pair are read and written under a spin lock, one of 56 lock words in the
 * heap's reserved bytes 32..255 (picked by address). The critical section
 * sits inside the loop iteration that took the lock, so lanes running in
 * lock step cannot starve the holder. Exact as long as the pair is only
 * written through atomics while others may run them, as in CUDA code that
 * uses 64-bit atomics. */
static void print_op64(WgslPrinter *p, const char *name, char sp, const char *n_expr, bool cas) {
  const char *arr = array_of(sp);
  strbuf_printf(&p->helpers,
                "fn %s(a: u32, %sv: vec2<u32>) -> vec2<u32> {\n"
                "  let lk = &cuwa_heap[8u + (a >> 3u) %% 56u];\n"
                "  var o: vec2<u32>;\n"
                "  loop {\n"
                "    if (atomicCompareExchangeWeak(lk, 0u, 1u).exchanged) {\n"
                "      o = vec2<u32>(atomicLoad(&%s[a >> 2u]), atomicLoad(&%s[(a >> 2u) + 1u]));\n"
                "      let n = %s;\n"
                "      atomicStore(&%s[a >> 2u], n.x);\n"
                "      atomicStore(&%s[(a >> 2u) + 1u], n.y);\n"
                "      atomicStore(lk, 0u);\n"
                "      break;\n"
                "    }\n"
                "  }\n"
                "  return o;\n}\n",
                name, cas ? "c: vec2<u32>, " : "", arr, arr, n_expr, arr, arr);
}

static const char *value_type(const IrType *t) {
  switch (t->kind) {
  case IRT_I32: return "i32";
  case IRT_U32: case IRT_U16: return "u32";
  case IRT_F32: return "f32";
  case IRT_I64: case IRT_U64: return "vec2<u32>";
  default: ICE("atomic on type %d", t->kind);
  }
}

/* An atomic through a pointer that may point into the heap or shared
 * memory: both helpers, and a dispatch on the address. */
static const char *generic_atomic(WgslPrinter *p, const IrInst *i, const char *const *args) {
  const char *h = wgsl_atomic_expr(p, i, 'h', (const char *const[]){"a", "b", "c"});
  const char *sh = wgsl_atomic_expr(p, i, 's', (const char *const[]){"a", "b", "c"});
  const char *name = arena_printf(p->a, "cuwa_ag%s", strchr(h, '(') ? arena_strndup(p->a, h + 6, strchr(h, '(') - h - 8) : "");
  if (!map_get(&p->done, name)) {
    map_put(&p->done, name, (void *)name);
    bool cas = i->arg_count == 3;
    const char *t = value_type(i->args[1]->ty);
    strbuf_printf(&p->helpers,
                  "fn %s(a: u32, b: %s%s) -> %s {\n"
                  "  if (a >= 0xfff80000u) { return %s(); } // local memory: undefined in CUDA\n"
                  "  if (a >= 0xfff00000u) { return %s; }\n"
                  "  return %s;\n}\n",
                  name, t, cas ? arena_printf(p->a, ", c: %s", t) : "", value_type(i->ty), value_type(i->ty),
                  sh, h);
  }
  if (i->arg_count == 3) return arena_printf(p->a, "%s(%s, %s, %s)", name, args[0], args[1], args[2]);
  return arena_printf(p->a, "%s(%s, %s)", name, args[0], args[1]);
}

/* The WGSL expression of atomic intrinsic i on the address expression
 * addr in space sp ('h' heap, 's' shared, 'g' either); args[1..] are vals. */
const char *wgsl_atomic_expr(WgslPrinter *p, const IrInst *i, char sp, const char *const *args) {
  if (sp == 'g') return generic_atomic(p, i, args);
  const char *fn = NULL, *name = NULL;
  bool sgn = false;
  IrIntrinsic id = i->intrinsic;
  switch (id) {
  case IN_ATOMIC_ADD_I: fn = "atomicAdd"; sgn = true; name = "add_i"; break;
  case IN_ATOMIC_ADD_U: fn = "atomicAdd"; name = "add_u"; break;
  case IN_ATOMIC_SUB_I: fn = "atomicSub"; sgn = true; name = "sub_i"; break;
  case IN_ATOMIC_SUB_U: fn = "atomicSub"; name = "sub_u"; break;
  case IN_ATOMIC_EXCH_I: fn = "atomicExchange"; sgn = true; name = "exch_i"; break;
  case IN_ATOMIC_EXCH_U: fn = "atomicExchange"; name = "exch_u"; break;
  case IN_ATOMIC_MIN_U: fn = "atomicMin"; name = "min_u"; break;
  case IN_ATOMIC_MAX_U: fn = "atomicMax"; name = "max_u"; break;
  case IN_ATOMIC_AND_I: fn = "atomicAnd"; sgn = true; name = "and_i"; break;
  case IN_ATOMIC_AND_U: fn = "atomicAnd"; name = "and_u"; break;
  case IN_ATOMIC_OR_I: fn = "atomicOr"; sgn = true; name = "or_i"; break;
  case IN_ATOMIC_OR_U: fn = "atomicOr"; name = "or_u"; break;
  case IN_ATOMIC_XOR_I: fn = "atomicXor"; sgn = true; name = "xor_i"; break;
  case IN_ATOMIC_XOR_U: fn = "atomicXor"; name = "xor_u"; break;
  case IN_ATOMIC_MIN_I: name = "min_i"; break;
  case IN_ATOMIC_MAX_I: name = "max_i"; break;
  case IN_ATOMIC_INC: name = "inc"; break;
  case IN_ATOMIC_DEC: name = "dec"; break;
  case IN_ATOMIC_ADD_F: name = "add_f"; break;
  case IN_ATOMIC_EXCH_F: name = "exch_f"; break;
  case IN_ATOMIC_CAS_I: name = "cas_i"; break;
  case IN_ATOMIC_CAS_U: name = "cas_u"; break;
  case IN_ATOMIC_CAS_US: name = "cas_us"; break;
  case IN_ATOMIC_ADD_UL: name = "add_ul"; break;
  case IN_ATOMIC_EXCH_UL: name = "exch_ul"; break;
  case IN_ATOMIC_MIN_L: name = "min_l"; break;
  case IN_ATOMIC_MIN_UL: name = "min_ul"; break;
  case IN_ATOMIC_MAX_L: name = "max_l"; break;
  case IN_ATOMIC_MAX_UL: name = "max_ul"; break;
  case IN_ATOMIC_AND_UL: name = "and_ul"; break;
  case IN_ATOMIC_OR_UL: name = "or_ul"; break;
  case IN_ATOMIC_XOR_UL: name = "xor_ul"; break;
  case IN_ATOMIC_CAS_UL: name = "cas_ul"; break;
  default: ICE("%s is not a WGSL atomic", ir_intrinsic_name(id));
  }
  const char *full = arena_printf(p->a, "cuwa_a%s_%c", name, sp);
  if (!map_get(&p->done, full)) {
    map_put(&p->done, full, (void *)full);
    if (fn) direct(p, full, sp, fn, sgn);
    else switch (id) {
    case IN_ATOMIC_MIN_I:
      cas_loop(p, full, sp, "i32", "i32", "bitcast<u32>(min(bitcast<i32>(o), v))", "bitcast<i32>(o)");
      break;
    case IN_ATOMIC_MAX_I:
      cas_loop(p, full, sp, "i32", "i32", "bitcast<u32>(max(bitcast<i32>(o), v))", "bitcast<i32>(o)");
      break;
    case IN_ATOMIC_INC: cas_loop(p, full, sp, "u32", "u32", "select(o + 1u, 0u, o >= v)", "o"); break;
    case IN_ATOMIC_DEC:
      cas_loop(p, full, sp, "u32", "u32", "select(o - 1u, v, o == 0u || o > v)", "o");
      break;
    case IN_ATOMIC_ADD_F:
      cas_loop(p, full, sp, "f32", "f32", "bitcast<u32>(bitcast<f32>(o) + v)", "bitcast<f32>(o)");
      break;
    case IN_ATOMIC_EXCH_F:
      strbuf_printf(&p->helpers,
                    "fn %s(a: u32, v: f32) -> f32 { return bitcast<f32>(atomicExchange(&%s[a >> 2u], bitcast<u32>(v))); }\n",
                    full, array_of(sp));
      break;
    case IN_ATOMIC_CAS_I: print_cas(p, full, sp, "i32"); break;
    case IN_ATOMIC_CAS_U: print_cas(p, full, sp, "u32"); break;
    case IN_ATOMIC_CAS_US: print_cas16(p, full, sp); break;
    default: {
      const char *n64 = NULL;
      wgsl_need_helper(p, "cuwa_i64");
      switch (id) {
      case IN_ATOMIC_ADD_UL: n64 = "cuwa_add64(o, v)"; break;
      case IN_ATOMIC_EXCH_UL: n64 = "v"; break;
      case IN_ATOMIC_MIN_L: n64 = "select(o, v, cuwa_lt64s(v, o))"; break;
      case IN_ATOMIC_MIN_UL: n64 = "select(o, v, cuwa_lt64u(v, o))"; break;
      case IN_ATOMIC_MAX_L: n64 = "select(o, v, cuwa_lt64s(o, v))"; break;
      case IN_ATOMIC_MAX_UL: n64 = "select(o, v, cuwa_lt64u(o, v))"; break;
      case IN_ATOMIC_AND_UL: n64 = "(o & v)"; break;
      case IN_ATOMIC_OR_UL: n64 = "(o | v)"; break;
      case IN_ATOMIC_XOR_UL: n64 = "(o ^ v)"; break;
      case IN_ATOMIC_CAS_UL: n64 = "select(o, v, all(o == c))"; break;
      default: ICE("atomic %s", ir_intrinsic_name(id));
      }
      print_op64(p, full, sp, n64, id == IN_ATOMIC_CAS_UL);
    }
    }
  }
  /* shared addresses carry their space in the high bits */
  const char *addr = sp == 's' ? arena_printf(p->a, "(%s & 0x7ffffu)", args[0]) : args[0];
  if (i->arg_count == 3) return arena_printf(p->a, "%s(%s, %s, %s)", full, addr, args[1], args[2]);
  return arena_printf(p->a, "%s(%s, %s)", full, addr, args[1]);
}
