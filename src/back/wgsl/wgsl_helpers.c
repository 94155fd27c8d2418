/* wgsl_helpers.c: WGSL helper functions the printer calls by name
 * (CUDA semantics WGSL lacks: division by zero, clamped shifts, saturating
 * float->int conversion, NaN-aware fminf, powf of negative bases, ...).
 * One table, each helper printed once and only when used. Memory access
 * helpers depend on the module and are generated in wgsl_print.c. */
#include "wgsl_print.h"

#include <string.h>

typedef struct Helper {
  const char *name;
  const char *deps;   /* another helper this one calls, or NULL */
  const char *text;
} Helper;

static const Helper helpers[] = {
    /* infinities and NaNs by their bits: a constant expression that
     * evaluates to one is an error in WGSL, a function call is not */
    {"cuwa_fbits", NULL, "fn cuwa_fbits(b: u32) -> f32 { return bitcast<f32>(b); }\n"},
    {"cuwa_div_i32", NULL,
     "fn cuwa_div_i32(a: i32, b: i32) -> i32 { return select(a / b, -1i, b == 0i); }\n"},
    {"cuwa_rem_i32", NULL,
     "fn cuwa_rem_i32(a: i32, b: i32) -> i32 { return select(a % b, a, b == 0i); }\n"},
    {"cuwa_div_u32", NULL,
     "fn cuwa_div_u32(a: u32, b: u32) -> u32 { return select(a / b, 0xffffffffu, b == 0u); }\n"},
    {"cuwa_rem_u32", NULL,
     "fn cuwa_rem_u32(a: u32, b: u32) -> u32 { return select(a % b, a, b == 0u); }\n"},
    {"cuwa_shl_i32", NULL,
     "fn cuwa_shl_i32(a: i32, b: i32) -> i32 { return select(0i, a << u32(b), u32(b) < 32u); }\n"},
    {"cuwa_shl_u32", NULL,
     "fn cuwa_shl_u32(a: u32, b: u32) -> u32 { return select(0u, a << b, b < 32u); }\n"},
    {"cuwa_shr_i32", NULL,
     "fn cuwa_shr_i32(a: i32, b: i32) -> i32 { return a >> min(u32(b), 31u); }\n"},
    {"cuwa_shr_u32", NULL,
     "fn cuwa_shr_u32(a: u32, b: u32) -> u32 { return select(0u, a >> b, b < 32u); }\n"},
    {"cuwa_f2i", NULL,
     "fn cuwa_f2i(x: f32) -> i32 {\n"
     "  if (x != x) { return 0i; }\n"
     "  if (x >= 2147483648.0f) { return 2147483647i; }\n"
     "  if (x <= -2147483648.0f) { return -2147483647i - 1i; }\n"
     "  return i32(x);\n}\n"},
    {"cuwa_f2u", NULL,
     "fn cuwa_f2u(x: f32) -> u32 {\n"
     "  if (!(x > 0.0f)) { return 0u; }\n"
     "  if (x >= 4294967296.0f) { return 0xffffffffu; }\n"
     "  return u32(x);\n}\n"},
    {"cuwa_fmin", NULL,
     "fn cuwa_fmin(a: f32, b: f32) -> f32 {\n"
     "  if (a != a) { return b; }\n  if (b != b) { return a; }\n  return min(a, b);\n}\n"},
    {"cuwa_fmax", NULL,
     "fn cuwa_fmax(a: f32, b: f32) -> f32 {\n"
     "  if (a != a) { return b; }\n  if (b != b) { return a; }\n  return max(a, b);\n}\n"},
    {"cuwa_fmod", NULL,
     "fn cuwa_fmod(a: f32, b: f32) -> f32 { return a - b * trunc(a / b); }\n"},
    {"cuwa_round", NULL,
     "fn cuwa_round(x: f32) -> f32 {\n"
     "  let t = trunc(x);\n  return select(t, t + sign(x), abs(x - t) >= 0.5f);\n}\n"},
    {"cuwa_copysign", NULL,
     "fn cuwa_copysign(a: f32, b: f32) -> f32 {\n"
     "  return bitcast<f32>((bitcast<u32>(a) & 0x7fffffffu) | (bitcast<u32>(b) & 0x80000000u));\n}\n"},
    {"cuwa_hypot", "cuwa_fbits",
     "fn cuwa_hypot(a: f32, b: f32) -> f32 {\n"
     "  let m = max(abs(a), abs(b));\n  let n = min(abs(a), abs(b));\n"
     "  if (m == 0.0f || m == cuwa_fbits(0x7f800000u)) { return m; }\n"
     "  let r = n / m;\n  return m * sqrt(1.0f + r * r);\n}\n"},
    {"cuwa_cbrt", NULL,
     "fn cuwa_cbrt(x: f32) -> f32 { return sign(x) * pow(abs(x), 1.0f / 3.0f); }\n"},
    {"cuwa_pow", "cuwa_fbits",
     "fn cuwa_pow(x: f32, y: f32) -> f32 {\n"
     "  if (y == 0.0f || x == 1.0f) { return 1.0f; }\n"
     "  let ax = abs(x);\n"
     "  var r = exp2(y * log2(ax));\n"
     "  if (ax == 0.0f) { r = select(0.0f, cuwa_fbits(0x7f800000u), y < 0.0f); }\n"
     "  if ((bitcast<u32>(x) >> 31u) == 1u) {\n"
     "    if (trunc(y) != y) { return cuwa_fbits(0x7fc00000u); }\n"
     "    if (abs(y) < 16777216.0f && (i32(y) & 1i) == 1i) { r = -r; }\n"
     "  }\n  return r;\n}\n"},
    {"cuwa_sat", NULL,
     "fn cuwa_sat(x: f32) -> f32 { return select(clamp(x, 0.0f, 1.0f), 0.0f, x != x); }\n"},
    {"cuwa_umulhi", NULL,
     "fn cuwa_umulhi(a: u32, b: u32) -> u32 {\n"
     "  let al = a & 0xffffu; let ah = a >> 16u; let bl = b & 0xffffu; let bh = b >> 16u;\n"
     "  let ll = al * bl; let lh = al * bh; let hl = ah * bl; let hh = ah * bh;\n"
     "  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);\n"
     "  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);\n}\n"},
    {"cuwa_mulhi", "cuwa_umulhi",
     "fn cuwa_mulhi(a: i32, b: i32) -> i32 {\n"
     "  var h = cuwa_umulhi(bitcast<u32>(a), bitcast<u32>(b));\n"
     "  if (a < 0i) { h = h - bitcast<u32>(b); }\n"
     "  if (b < 0i) { h = h - bitcast<u32>(a); }\n"
     "  return bitcast<i32>(h);\n}\n"},
    /* 64-bit integers: vec2<u32> (x low word, y high word) */
    {"cuwa_i64", "cuwa_umulhi",
     "fn cuwa_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  let lo = a.x + b.x;\n  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));\n}\n"
     "fn cuwa_sub64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  return vec2<u32>(a.x - b.x, a.y - b.y - select(0u, 1u, a.x < b.x));\n}\n"
     "fn cuwa_mul64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  return vec2<u32>(a.x * b.x, cuwa_umulhi(a.x, b.x) + a.x * b.y + a.y * b.x);\n}\n"
     "fn cuwa_lt64u(a: vec2<u32>, b: vec2<u32>) -> bool {\n"
     "  return a.y < b.y || (a.y == b.y && a.x < b.x);\n}\n"
     "fn cuwa_lt64s(a: vec2<u32>, b: vec2<u32>) -> bool {\n"
     "  return bitcast<i32>(a.y) < bitcast<i32>(b.y) || (a.y == b.y && a.x < b.x);\n}\n"
     "fn cuwa_sext(x: i32) -> vec2<u32> {\n"
     "  return vec2<u32>(bitcast<u32>(x), select(0u, 0xffffffffu, x < 0i));\n}\n"
     "fn cuwa_shl64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  if (b.y != 0u || b.x >= 64u) { return vec2<u32>(0u); }\n"
     "  if (b.x >= 32u) { return vec2<u32>(0u, a.x << (b.x - 32u)); }\n"
     "  if (b.x == 0u) { return a; }\n"
     "  return vec2<u32>(a.x << b.x, (a.y << b.x) | (a.x >> (32u - b.x)));\n}\n"
     "fn cuwa_shr64u(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  if (b.y != 0u || b.x >= 64u) { return vec2<u32>(0u); }\n"
     "  if (b.x >= 32u) { return vec2<u32>(a.y >> (b.x - 32u), 0u); }\n"
     "  if (b.x == 0u) { return a; }\n"
     "  return vec2<u32>((a.x >> b.x) | (a.y << (32u - b.x)), a.y >> b.x);\n}\n"
     "fn cuwa_shr64s(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  let s = select(0u, 0xffffffffu, bitcast<i32>(a.y) < 0i);\n"
     "  if (b.y != 0u || b.x >= 64u) { return vec2<u32>(s); }\n"
     "  if (b.x >= 32u) { return vec2<u32>(bitcast<u32>(bitcast<i32>(a.y) >> (b.x - 32u)), s); }\n"
     "  if (b.x == 0u) { return a; }\n"
     "  return vec2<u32>((a.x >> b.x) | (a.y << (32u - b.x)), bitcast<u32>(bitcast<i32>(a.y) >> b.x));\n}\n"
     "fn cuwa_neg64(a: vec2<u32>) -> vec2<u32> { return cuwa_sub64(vec2<u32>(0u), a); }\n"
     "fn cuwa_abs64(a: vec2<u32>) -> vec2<u32> { return select(a, cuwa_neg64(a), bitcast<i32>(a.y) < 0i); }\n"
     "fn cuwa_clz64(a: vec2<u32>) -> i32 {\n"
     "  return i32(select(countLeadingZeros(a.y), 32u + countLeadingZeros(a.x), a.y == 0u));\n}\n"
     "fn cuwa_ffs64(a: vec2<u32>) -> i32 {\n"
     "  if (a.x != 0u) { return i32(firstTrailingBit(a.x)) + 1i; }\n"
     "  if (a.y != 0u) { return i32(firstTrailingBit(a.y)) + 33i; }\n  return 0i;\n}\n"
     "fn cuwa_umul64hi(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  let ll = vec2<u32>(a.x * b.x, cuwa_umulhi(a.x, b.x));\n"
     "  let lh = vec2<u32>(a.x * b.y, cuwa_umulhi(a.x, b.y));\n"
     "  let hl = vec2<u32>(a.y * b.x, cuwa_umulhi(a.y, b.x));\n"
     "  let hh = vec2<u32>(a.y * b.y, cuwa_umulhi(a.y, b.y));\n"
     "  let mid = cuwa_add64(cuwa_add64(vec2<u32>(ll.y, 0u), vec2<u32>(lh.x, 0u)), vec2<u32>(hl.x, 0u));\n"
     "  return cuwa_add64(cuwa_add64(cuwa_add64(hh, vec2<u32>(lh.y, 0u)), vec2<u32>(hl.y, 0u)), vec2<u32>(mid.y, 0u));\n}\n"
     "fn cuwa_mul64hi(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  var h = cuwa_umul64hi(a, b);\n"
     "  if (bitcast<i32>(a.y) < 0i) { h = cuwa_sub64(h, b); }\n"
     "  if (bitcast<i32>(b.y) < 0i) { h = cuwa_sub64(h, a); }\n  return h;\n}\n"},
    /* unsigned 64-bit division: shift-subtract, one quotient bit a step;
     * by zero: all ones / the dividend, as PTX */
    {"cuwa_divrem64", "cuwa_i64",
     "fn cuwa_udivrem64(a: vec2<u32>, b: vec2<u32>) -> array<vec2<u32>, 2> {\n"
     "  if (b.x == 0u && b.y == 0u) { return array<vec2<u32>, 2>(vec2<u32>(0xffffffffu), a); }\n"
     "  var q = vec2<u32>(0u);\n  var r = vec2<u32>(0u);\n"
     "  for (var i = 63i; i >= 0i; i--) {\n"
     "    r = vec2<u32>(r.x << 1u, (r.y << 1u) | (r.x >> 31u));\n"
     "    let bit = select(a.x >> u32(i), a.y >> u32(i - 32i), i >= 32i) & 1u;\n"
     "    r.x = r.x | bit;\n"
     "    if (!cuwa_lt64u(r, b)) {\n"
     "      r = cuwa_sub64(r, b);\n"
     "      if (i >= 32i) { q.y = q.y | (1u << u32(i - 32i)); } else { q.x = q.x | (1u << u32(i)); }\n"
     "    }\n  }\n"
     "  return array<vec2<u32>, 2>(q, r);\n}\n"
     "fn cuwa_udiv64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return cuwa_udivrem64(a, b)[0]; }\n"
     "fn cuwa_urem64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return cuwa_udivrem64(a, b)[1]; }\n"
     "fn cuwa_sdiv64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  if (b.x == 0u && b.y == 0u) { return vec2<u32>(0xffffffffu); }\n"
     "  let q = cuwa_udiv64(cuwa_abs64(a), cuwa_abs64(b));\n"
     "  return select(q, cuwa_neg64(q), (bitcast<i32>(a.y) < 0i) != (bitcast<i32>(b.y) < 0i));\n}\n"
     "fn cuwa_srem64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {\n"
     "  if (b.x == 0u && b.y == 0u) { return a; }\n"
     "  let r = cuwa_urem64(cuwa_abs64(a), cuwa_abs64(b));\n"
     "  return select(r, cuwa_neg64(r), bitcast<i32>(a.y) < 0i);\n}\n"},
    /* 64-bit <-> f32, rounding to nearest even (a sticky bit keeps the
     * 32-bit conversion exact) and saturating; NaN -> 1 << 63 */
    {"cuwa_f64conv", "cuwa_i64",
     "fn cuwa_u64tof(a: vec2<u32>) -> f32 {\n"
     "  if (a.y == 0u) { return f32(a.x); }\n"
     "  let s = 32u - countLeadingZeros(a.y);\n"
     "  var m: u32;\n  var st: bool;\n"
     "  if (s == 32u) { m = a.y; st = a.x != 0u; }\n"
     "  else { m = (a.x >> s) | (a.y << (32u - s)); st = (a.x & ((1u << s) - 1u)) != 0u; }\n"
     "  return ldexp(f32(m | select(0u, 1u, st)), i32(s));\n}\n"
     "fn cuwa_i64tof(a: vec2<u32>) -> f32 {\n"
     "  let f = cuwa_u64tof(cuwa_abs64(a));\n  return select(f, -f, bitcast<i32>(a.y) < 0i);\n}\n"
     "fn cuwa_f2u64mag(x: f32) -> vec2<u32> {\n"
     "  let h = floor(x / 4294967296.0f);\n  return vec2<u32>(u32(x - h * 4294967296.0f), u32(h));\n}\n"
     "fn cuwa_f2i64(x: f32) -> vec2<u32> {\n"
     "  if (x != x || x <= -9223372036854775808.0f) { return vec2<u32>(0u, 0x80000000u); }\n"
     "  if (x >= 9223372036854775808.0f) { return vec2<u32>(0xffffffffu, 0x7fffffffu); }\n"
     "  let m = cuwa_f2u64mag(abs(trunc(x)));\n  return select(m, cuwa_neg64(m), x < 0.0f);\n}\n"
     "fn cuwa_f2u64(x: f32) -> vec2<u32> {\n"
     "  if (x != x) { return vec2<u32>(0u, 0x80000000u); }\n"
     "  if (!(x > 0.0f)) { return vec2<u32>(0u); }\n"
     "  if (x >= 18446744073709551616.0f) { return vec2<u32>(0xffffffffu); }\n"
     "  return cuwa_f2u64mag(trunc(x));\n}\n"},
    {"cuwa_byte_perm", NULL,
     "fn cuwa_byte_perm(x: u32, y: u32, s: u32) -> u32 {\n"
     "  var r = 0u;\n"
     "  for (var i = 0u; i < 4u; i++) {\n"
     "    let sel = (s >> (i * 4u)) & 7u;\n"
     "    let src = select(y, x, sel < 4u);\n"
     "    r |= ((src >> ((sel & 3u) * 8u)) & 0xffu) << (i * 8u);\n"
     "  }\n  return r;\n}\n"},
    {"cuwa_fshl", NULL,
     "fn cuwa_fshl(lo: u32, hi: u32, n: u32) -> u32 {\n"
     "  return select((hi << n) | (lo >> (32u - n)), hi, n == 0u);\n}\n"},
    {"cuwa_fshr", NULL,
     "fn cuwa_fshr(lo: u32, hi: u32, n: u32) -> u32 {\n"
     "  return select((lo >> n) | (hi << (32u - n)), lo, n == 0u);\n}\n"},
    {"cuwa_fshlc", NULL,
     "fn cuwa_fshlc(lo: u32, hi: u32, s: u32) -> u32 {\n"
     "  let n = min(s, 32u);\n  if (n == 32u) { return lo; }\n"
     "  return select((hi << n) | (lo >> (32u - n)), hi, n == 0u);\n}\n"},
    {"cuwa_fshrc", NULL,
     "fn cuwa_fshrc(lo: u32, hi: u32, s: u32) -> u32 {\n"
     "  let n = min(s, 32u);\n  if (n == 32u) { return hi; }\n"
     "  return select((lo >> n) | (hi << (32u - n)), lo, n == 0u);\n}\n"},
};

void wgsl_need_helper(WgslPrinter *p, const char *name) {
  if (map_get(&p->done, name)) return;
  for (size_t k = 0; k < sizeof helpers / sizeof helpers[0]; k++) {
    if (strcmp(helpers[k].name, name) != 0) continue;
    map_put(&p->done, name, (void *)name);
    if (helpers[k].deps) wgsl_need_helper(p, helpers[k].deps);
    strbuf_puts(&p->helpers, helpers[k].text);
    return;
  }
  ICE("no WGSL helper %s", name);
}

/* WGSL for an intrinsic: a pattern where $0..$3 are the arguments, and the
 * helper it needs. NULL for ids can_emit rejects. */
const char *wgsl_intrinsic_pattern(IrIntrinsic id, const char **helper) {
  *helper = NULL;
#define H(name, pat) return (*helper = name, pat)
  switch (id) {
  case IN_SQRTF: case IN_FSQRT_RN: return "sqrt($0)";
  case IN_RSQRTF: return "inverseSqrt($0)";
  case IN_CBRTF: H("cuwa_cbrt", "cuwa_cbrt($0)");
  case IN_EXPF: case IN_FAST_EXPF: return "exp($0)";
  case IN_EXP2F: return "exp2($0)";
  case IN_EXP10F: return "exp2($0 * 3.3219280948873623f)";
  case IN_EXPM1F: return "(exp($0) - 1.0f)";
  case IN_LOGF: case IN_FAST_LOGF: return "log($0)";
  case IN_LOG2F: return "log2($0)";
  case IN_LOG10F: return "(log2($0) * 0.30102999566398120f)";
  case IN_LOG1PF: return "log(1.0f + $0)";
  case IN_SINF: case IN_FAST_SINF: return "sin($0)";
  case IN_COSF: case IN_FAST_COSF: return "cos($0)";
  case IN_TANF: return "tan($0)";
  case IN_ASINF: return "asin($0)";
  case IN_ACOSF: return "acos($0)";
  case IN_ATANF: return "atan($0)";
  case IN_ATAN2F: return "atan2($0, $1)";
  case IN_SINHF: return "sinh($0)";
  case IN_COSHF: return "cosh($0)";
  case IN_TANHF: return "tanh($0)";
  case IN_POWF: case IN_FAST_POWF: H("cuwa_pow", "cuwa_pow($0, $1)");
  case IN_FABSF: return "abs($0)";
  case IN_FMINF: case IN_MIN_F: H("cuwa_fmin", "cuwa_fmin($0, $1)");
  case IN_FMAXF: case IN_MAX_F: H("cuwa_fmax", "cuwa_fmax($0, $1)");
  case IN_FLOORF: return "floor($0)";
  case IN_CEILF: return "ceil($0)";
  case IN_TRUNCF: return "trunc($0)";
  case IN_ROUNDF: H("cuwa_round", "cuwa_round($0)");
  case IN_RINTF: return "round($0)";
  case IN_FMAF: case IN_FMAF_RN: return "fma($0, $1, $2)";
  case IN_FMODF: H("cuwa_fmod", "cuwa_fmod($0, $1)");
  case IN_HYPOTF: H("cuwa_hypot", "cuwa_hypot($0, $1)");
  case IN_COPYSIGNF: H("cuwa_copysign", "cuwa_copysign($0, $1)");
  case IN_FDIVIDEF: case IN_FAST_FDIVIDEF: case IN_FDIV_RN: return "($0 / $1)";
  case IN_SATURATEF: H("cuwa_sat", "cuwa_sat($0)");
  case IN_ISNANF: return "select(0i, 1i, $0 != $0)";
  case IN_ISINFF: return "select(0i, 1i, (bitcast<u32>($0) & 0x7fffffffu) == 0x7f800000u)";
  case IN_ISFINITEF: return "select(0i, 1i, (bitcast<u32>($0) & 0x7f800000u) != 0x7f800000u)";
  case IN_FADD_RN: return "($0 + $1)";
  case IN_FSUB_RN: return "($0 - $1)";
  case IN_FMUL_RN: return "($0 * $1)";
  case IN_FRCP_RN: return "(1.0f / $0)";
  case IN_POPC: return "i32(countOneBits($0))";
  case IN_CLZ: return "countLeadingZeros($0)";
  case IN_FFS: return "select(0i, i32(firstTrailingBit(bitcast<u32>($0))) + 1i, $0 != 0i)";
  case IN_BREV: return "reverseBits($0)";
  case IN_MUL24: return "(extractBits($0, 0u, 24u) * extractBits($1, 0u, 24u))";
  case IN_UMUL24: return "(($0 & 0xffffffu) * ($1 & 0xffffffu))";
  case IN_MULHI: H("cuwa_mulhi", "cuwa_mulhi($0, $1)");
  case IN_UMULHI: H("cuwa_umulhi", "cuwa_umulhi($0, $1)");
  case IN_ABS: return "abs($0)";
  case IN_MIN_I: case IN_MIN_U: case IN_UMIN: return "min($0, $1)";
  case IN_MAX_I: case IN_MAX_U: case IN_UMAX: return "max($0, $1)";
  case IN_BYTE_PERM: H("cuwa_byte_perm", "cuwa_byte_perm($0, $1, $2)");
  case IN_SAD: return "(bitcast<u32>(select($1 - $0, $0 - $1, $0 > $1)) + $2)";
  case IN_USAD: return "(select($1 - $0, $0 - $1, $0 > $1) + $2)";
  case IN_HADD: return "(($0 >> 1u) + ($1 >> 1u) + ($0 & $1 & 1i))";
  case IN_RHADD: return "(($0 >> 1u) + ($1 >> 1u) + (($0 | $1) & 1i))";
  case IN_UHADD: return "(($0 >> 1u) + ($1 >> 1u) + ($0 & $1 & 1u))";
  case IN_URHADD: return "(($0 >> 1u) + ($1 >> 1u) + (($0 | $1) & 1u))";
  case IN_FUNNELSHIFT_L: H("cuwa_fshl", "cuwa_fshl($0, $1, $2 & 31u)");
  case IN_FUNNELSHIFT_R: H("cuwa_fshr", "cuwa_fshr($0, $1, $2 & 31u)");
  case IN_FUNNELSHIFT_LC: H("cuwa_fshlc", "cuwa_fshlc($0, $1, $2)");
  case IN_FUNNELSHIFT_RC: H("cuwa_fshrc", "cuwa_fshrc($0, $1, $2)");
  case IN_FLOAT_AS_INT: return "bitcast<i32>($0)";
  case IN_INT_AS_FLOAT: return "bitcast<f32>($0)";
  case IN_FLOAT_AS_UINT: return "bitcast<u32>($0)";
  case IN_UINT_AS_FLOAT: return "bitcast<f32>($0)";
  case IN_FLOAT2INT_RN: H("cuwa_f2i", "cuwa_f2i(round($0))");
  case IN_FLOAT2INT_RZ: H("cuwa_f2i", "cuwa_f2i($0)");
  case IN_FLOAT2INT_RD: H("cuwa_f2i", "cuwa_f2i(floor($0))");
  case IN_FLOAT2INT_RU: H("cuwa_f2i", "cuwa_f2i(ceil($0))");
  case IN_INT2FLOAT_RN: return "f32($0)";
  case IN_NANOSLEEP: return "";
  case IN_POPCLL: return "i32(countOneBits($0.x) + countOneBits($0.y))";
  case IN_CLZLL: H("cuwa_i64", "cuwa_clz64($0)");
  case IN_FFSLL: H("cuwa_i64", "cuwa_ffs64($0)");
  case IN_BREVLL: return "vec2<u32>(reverseBits($0.y), reverseBits($0.x))";
  case IN_MUL64HI: H("cuwa_i64", "cuwa_mul64hi($0, $1)");
  case IN_UMUL64HI: H("cuwa_i64", "cuwa_umul64hi($0, $1)");
  case IN_LLABS: H("cuwa_i64", "cuwa_abs64($0)");
  case IN_MIN_L: H("cuwa_i64", "select($1, $0, cuwa_lt64s($0, $1))");
  case IN_MAX_L: H("cuwa_i64", "select($1, $0, cuwa_lt64s($1, $0))");
  case IN_MIN_UL: H("cuwa_i64", "select($1, $0, cuwa_lt64u($0, $1))");
  case IN_MAX_UL: H("cuwa_i64", "select($1, $0, cuwa_lt64u($1, $0))");
  /* WGSL has no fence outside a workgroup barrier; atomics are relaxed and
   * coherent, the order CUDA code relies on (docs/webgpu.md) */
  case IN_THREADFENCE: case IN_THREADFENCE_BLOCK: case IN_THREADFENCE_SYSTEM: return "";
  default: return NULL;
  }
#undef H
}
