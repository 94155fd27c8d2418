/* libm.cu: cuwa's accurate math library for GPUs, in CUDA C that cuwa's
 * own front end compiles (tests/unit/test_ptx.c --gen-libm turns it into
 * src/back/ptx/ptx_libm_gen.inc, the .func bodies the PTX back end calls
 * for sinf, exp, pow ...). Double functions are within the CUDA Math API
 * bounds (exp/log ~1 ulp, sin/cos/tan 2); float functions evaluate the
 * double ones and round once, so they are within about 0.5 ulp. It uses
 * no libm: only IEEE +-x/ fma, sqrt and bit casts. Not fast math. */
#define LM_API __device__ __noinline__
#define LM static __device__
typedef unsigned long long lm_u64;

/* 2/pi, 1280 bits */
__constant__ unsigned long long __cuwa_libm_2opi[20] = {
  0xa2f9836e4e441529ull, 0xfc2757d1f534ddc0ull, 0xdb6295993c439041ull,
  0xfe5163abdebbc561ull, 0xb7246e3a424dd2e0ull, 0x06492eea09d1921cull,
  0xfe1deb1cb129a73eull, 0xe88235f52ebb4484ull, 0xe99c7026b45f7e41ull,
  0x3991d639835339f4ull, 0x9c845f8bbdf9283bull, 0x1ff897ffde05980full,
  0xef2f118b5a0a6d1full, 0x6d367ecf27cb09b7ull, 0x4f463f669e5fea2dull,
  0x7527bac7ebe5f17bull, 0x3d0739f78a5292eaull, 0x6bfb5fb11f8d5d08ull,
  0x56033046fc7b6babull, 0xf0cfbc209af4361dull};

/* log(1 + j/64) as hi, lo pairs, j = 0..64 */
__constant__ double __cuwa_libm_logtab[130] = {
  0.0, 0.0,
  0.015504186535965254, -3.278321022892429e-19,
  0.030771658666753687, 1.0431732029005968e-18,
  0.0458095360312942, 1.902959866474257e-18,
  0.06062462181643484, 2.6424025938726934e-18,
  0.07522342123758753, -5.930604196293241e-18,
  0.08961215868968714, -5.4268129336647135e-18,
  0.10379679368164356, 5.47772415726659e-18,
  0.11778303565638346, -1.1971685747593677e-18,
  0.13157635778871926, 1.1123000879729588e-17,
  0.1451820098444979, 8.242418783022475e-18,
  0.15860503017663857, 1.1257003872182592e-17,
  0.17185025692665923, -6.0224538210113705e-18,
  0.184922338494012, 3.0236614153574064e-18,
  0.19782574332991987, 1.2821194372980142e-17,
  0.21056476910734964, -4.249405314729895e-18,
  0.22314355131420976, -9.091270597324799e-18,
  0.2355660713127669, -2.3943371495187355e-18,
  0.24783616390458127, -1.2432209578702523e-17,
  0.25995752443692605, 2.069806938978935e-17,
  0.27193371548364176, 7.83319637697442e-19,
  0.2837681731306446, -2.032665581126656e-17,
  0.2954642128938359, -2.16461086040599e-17,
  0.3070250352949119, -1.2319916200101964e-17,
  0.3184537311185346, 2.7114779367326236e-17,
  0.329753286372468, 2.122020616196946e-18,
  0.3409265869705932, 1.7467136443544747e-17,
  0.3519764231571782, -1.2953893030191963e-17,
  0.3629054936893685, -2.1492361455310972e-17,
  0.37371640979358406, 2.1836211281198184e-17,
  0.38441169891033206, -1.612149700764673e-17,
  0.394993808240869, -1.5113724418336168e-17,
  0.4054651081081644, -2.8811380259626426e-18,
  0.415827895143711, -2.48753990369597e-17,
  0.4260843953109001, -2.499176776547466e-17,
  0.43623676677491807, -1.8379648230620457e-18,
  0.44628710262841953, -1.8182541194649598e-17,
  0.4562374334815876, 2.122222784062318e-17,
  0.46608972992459924, -1.4116523239904406e-17,
  0.4758459048699639, -6.181952722542219e-18,
  0.4855078157817008, -1.6618350693852048e-17,
  0.4950772667978515, -8.307950959627356e-18,
  0.5045560107523953, -2.4888518873597905e-17,
  0.5139457511022343, 3.397548559332142e-17,
  0.5232481437645479, -3.1833882216350925e-17,
  0.5324647988694718, -9.149239241180804e-19,
  0.5415972824327444, -3.748764246125639e-17,
  0.5506471179526623, -2.239429485856908e-17,
  0.5596157879354227, 2.685492580212308e-17,
  0.5685047353526688, -5.4267346029482773e-17,
  0.5773153650348236, -8.903591846974013e-18,
  0.5860490450035782, -3.058363205263577e-17,
  0.5947071077466928, 1.3751689964323675e-17,
  0.6032908514380843, 9.9400563470175e-18,
  0.6118015411059929, -3.7397759448726e-17,
  0.6202404097518576, -3.989161064307651e-17,
  0.6286086594223741, 4.3538742607970387e-17,
  0.6369074622370692, 5.422955873465247e-17,
  0.6451379613735847, 9.346960920120906e-19,
  0.6533012720127457, -4.306892322029408e-17,
  0.661398482245365, -7.603333785634003e-18,
  0.6694306539426292, 2.823733943928343e-17,
  0.6773988235918061, -2.0978183882652005e-18,
  0.6853040030989194, 4.893484946270261e-17,
  0.6931471805599453, 2.3190468138462996e-17};

/* ---- helpers --------------------------------------------------------------------- */

LM double lm_from_bits(lm_u64 b) { return __longlong_as_double((long long)b); }
LM lm_u64 lm_bits(double x) { return (lm_u64)__double_as_longlong(x); }
LM double lm_inf(void) { return lm_from_bits(0x7ff0000000000000ull); }
LM double lm_nan(void) { return lm_from_bits(0x7ff8000000000000ull); }
LM int lm_isnan(double x) { return x != x; }
LM double lm_abs(double x) { return lm_from_bits(lm_bits(x) & 0x7fffffffffffffffull); }

/* a + b as s + *e exactly (two-sum, any order of magnitude) */
LM double lm_two_sum(double a, double b, double *e) {
  double s = a + b;
  double bb = s - a;
  *e = (a - (s - bb)) + (b - bb);
  return s;
}

/* 2^n for -1022 <= n <= 1023 */
LM double lm_pow2(int n) { return lm_from_bits((lm_u64)(n + 1023) << 52); }

/* x * 2^n, rounded once (subnormal results included) */
LM double lm_scale(double x, int n) {
  if (n > 1023) {
    x *= lm_pow2(1023);
    n -= 1023;
    if (n > 1023) {
      x *= lm_pow2(1023);
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    x *= lm_pow2(-969);  /* 2^-1022 * 2^53: stays normal */
    n += 969;
    if (n < -1022) {
      x *= lm_pow2(-969);
      n += 969;
      if (n < -1022) n = -1022;
    }
  }
  return x * lm_pow2(n);
}

/* ---- exp --------------------------------------------------------------------------- */

#define LM_LN2_HI 0.6931471805599453
#define LM_LN2_LO 2.3190468138462996e-17

/* e^r - 1 - r for |r| <= 0.7 (Taylor to r^18) */
LM double lm_expm1_tail(double r) {
  double p = 1.0 / 6402373705728000.0;
  p = fma(p, r, 1.0 / 355687428096000.0);
  p = fma(p, r, 1.0 / 20922789888000.0);
  p = fma(p, r, 1.0 / 1307674368000.0);
  p = fma(p, r, 1.0 / 87178291200.0);
  p = fma(p, r, 1.0 / 6227020800.0);
  p = fma(p, r, 1.0 / 479001600.0);
  p = fma(p, r, 1.0 / 39916800.0);
  p = fma(p, r, 1.0 / 3628800.0);
  p = fma(p, r, 1.0 / 362880.0);
  p = fma(p, r, 1.0 / 40320.0);
  p = fma(p, r, 1.0 / 5040.0);
  p = fma(p, r, 1.0 / 720.0);
  p = fma(p, r, 1.0 / 120.0);
  p = fma(p, r, 1.0 / 24.0);
  p = fma(p, r, 1.0 / 6.0);
  p = fma(p, r, 0.5);
  return p * r * r;
}

/* e^(x + xl), xl a small correction (|xl| <= ulp(x)) */
LM double lm_exp_dd(double x, double xl) {
  if (lm_isnan(x)) return x + x;
  if (x > 709.79) return lm_inf();
  if (x < -745.2) return 0.0;
  double k = rint(x * 1.4426950408889634);
  double r = fma(-k, LM_LN2_HI, x);
  r = fma(-k, LM_LN2_LO, r) + xl;
  double e = 1.0 + (r + lm_expm1_tail(r));
  return lm_scale(e, (int)k);
}

LM_API double __cuwa_libm_exp(double x) { return lm_exp_dd(x, 0.0); }

/* the shared copy of lm_exp_dd for the other functions */
LM_API double __cuwa_libm_exp_dd(double x, double xl) { return lm_exp_dd(x, xl); }

LM_API double __cuwa_libm_exp2(double x) {
  if (lm_abs(x) > 2000.0 || lm_isnan(x)) return __cuwa_libm_exp_dd(x, 0.0) * 0.0 + (x > 0 ? lm_inf() : lm_isnan(x) ? x : 0.0);
  double h = x * LM_LN2_HI;
  double l = fma(x, LM_LN2_HI, -h) + x * LM_LN2_LO;
  return __cuwa_libm_exp_dd(h, l);
}

LM_API double __cuwa_libm_exp10(double x) {
  if (lm_abs(x) > 400.0 || lm_isnan(x)) return lm_isnan(x) ? x + x : x > 0 ? lm_inf() : 0.0;
  double h = x * 2.302585092994046;
  double l = fma(x, 2.302585092994046, -h) + x * -2.1707562233822494e-16;
  return __cuwa_libm_exp_dd(h, l);
}

LM_API double __cuwa_libm_expm1(double x) {
  if (lm_isnan(x)) return x + x;
  if (lm_abs(x) <= 0.7) return x + lm_expm1_tail(x);
  if (x > 40.0) return __cuwa_libm_exp(x);
  if (x < -40.0) return -1.0;
  double k = rint(x * 1.4426950408889634);
  double r = fma(-k, LM_LN2_HI, x);
  r = fma(-k, LM_LN2_LO, r);
  double e = r + lm_expm1_tail(r);  /* e^r - 1 */
  double p = lm_pow2((int)k);
  return fma(p, e, p - 1.0);
}

/* ---- log ----------------------------------------------------------------------------- */

/* log(x) as hi + lo (relative error about 2^-68) for finite x > 0:
 * x = 2^e * c * (1 + f), c = 1 + j/64 from the table, |f| < 2^-7. */
LM double lm_log_dd(double x, double *lo) {
  int e = 0;
  if (x < lm_pow2(-1022)) {
    x *= lm_pow2(54);
    e = -54;
  }
  lm_u64 b = lm_bits(x);
  e += (int)(b >> 52) - 1023;
  double m = lm_from_bits((b & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  int j = (int)rint((m - 1.0) * 64.0);  /* m in [0.707, 1.414]: j in [-19, 27] */
  double c = 1.0 + j / 64.0;
  double ch, cl;
  if (j >= 0) {
    ch = __cuwa_libm_logtab[2 * j];
    cl = __cuwa_libm_logtab[2 * j + 1];
  } else {  /* c = (1 + (64 + 2j)/64) / 2 for j < 0: log c = log(1 + (64+2j)/64) - log 2 */
    int jj = 64 + 2 * j;
    c = (1.0 + jj / 64.0) * 0.5;
    ch = __cuwa_libm_logtab[2 * jj] - LM_LN2_HI;
    cl = __cuwa_libm_logtab[2 * jj + 1] - LM_LN2_LO;
  }
  double u = m - c;                    /* exact */
  double f = u / c;
  double fl = fma(-f, c, u) / c;       /* f + fl = u / c */
  /* log(1 + f) = f - f^2/2 + f^3/3 - ... */
  double p = -1.0 / 10.0;
  p = fma(p, f, 1.0 / 9.0);
  p = fma(p, f, -1.0 / 8.0);
  p = fma(p, f, 1.0 / 7.0);
  p = fma(p, f, -1.0 / 6.0);
  p = fma(p, f, 1.0 / 5.0);
  p = fma(p, f, -1.0 / 4.0);
  p = fma(p, f, 1.0 / 3.0);
  double f2 = f * f;
  double f2l = fma(f, f, -f2) + 2.0 * f * fl;
  double tail = p * f2 * f - 0.5 * f2l;
  /* sum: e*ln2 + c + f - f2/2 + tail, in double-double */
  double ah = e * LM_LN2_HI;
  double al = fma(e, LM_LN2_HI, -ah) + e * LM_LN2_LO;
  double s = ah + ch;
  double sl = (ah - s) + ch + al + cl;  /* |ah| >= |ch| or ah = 0 */
  if (e == 0) sl = cl;
  double t = s + f;
  double tl = lm_abs(s) >= lm_abs(f) ? (s - t) + f : (f - t) + s;
  double h = -0.5 * f2;
  double v = t + h;
  double vl = lm_abs(t) >= lm_abs(h) ? (t - v) + h : (h - v) + t;
  double low = sl + tl + vl + fl + tail;
  double r = v + low;
  *lo = (v - r) + low;
  return r;
}

/* special values of log: NaN for x < 0, -inf at 0, x for inf and NaN */
LM int lm_log_special(double x, double *r) {
  if (lm_isnan(x) || x == lm_inf()) { *r = x + x; return 1; }
  if (x == 0.0) { *r = -lm_inf(); return 1; }
  if (x < 0.0) { *r = lm_nan(); return 1; }
  return 0;
}

/* the shared copy of lm_log_dd for the other functions */
LM_API double __cuwa_libm_log_dd(double x, double *lo) { return lm_log_dd(x, lo); }

LM_API double __cuwa_libm_log(double x) {
  double r, lo;
  if (lm_log_special(x, &r)) return r;
  return lm_log_dd(x, &lo);
}

LM_API double __cuwa_libm_log2(double x) {
  double r, lo;
  if (lm_log_special(x, &r)) return r;
  double h = __cuwa_libm_log_dd(x, &lo);
  double p = h * 1.4426950408889634;
  double pl = fma(h, 1.4426950408889634, -p) + h * 2.0355273740931033e-17 + lo * 1.4426950408889634;
  return p + pl;
}

LM_API double __cuwa_libm_log10(double x) {
  double r, lo;
  if (lm_log_special(x, &r)) return r;
  double h = __cuwa_libm_log_dd(x, &lo);
  double p = h * 0.4342944819032518;
  double pl = fma(h, 0.4342944819032518, -p) + h * 1.098319650216765e-17 + lo * 0.4342944819032518;
  return p + pl;
}

LM_API double __cuwa_libm_log1p(double x) {
  if (lm_isnan(x)) return x + x;
  if (x == -1.0) return -lm_inf();
  if (x < -1.0) return lm_nan();
  if (x == lm_inf()) return x;
  if (lm_abs(x) < 1e-300) return x;
  double u = 1.0 + x;
  double ul = lm_abs(x) > 1.0 ? (x - u) + 1.0 : (1.0 - u) + x;  /* u + ul = 1 + x */
  double lo;
  double h = __cuwa_libm_log_dd(u, &lo);
  return h + (lo + ul / u);
}

/* ---- pow ------------------------------------------------------------------------------ */

LM int lm_is_int(double y) { return rint(y) == y; }
LM int lm_is_odd_int(double y) {
  if (lm_abs(y) >= 9007199254740992.0 || !lm_is_int(y)) return 0;
  return rint(y * 0.5) != y * 0.5;
}

LM_API double __cuwa_libm_pow(double x, double y) {
  if (y == 0.0 || x == 1.0) return 1.0;
  if (lm_isnan(x) || lm_isnan(y)) return x + y;
  double ax = lm_abs(x), ay = lm_abs(y);
  if (ay == lm_inf()) {
    if (ax == 1.0) return 1.0;
    return (ax > 1.0) == (y > 0) ? lm_inf() : 0.0;
  }
  int odd = lm_is_odd_int(y);
  if (x == 0.0) {
    double r = y < 0 ? lm_inf() : 0.0;
    return odd ? __longlong_as_double(__double_as_longlong(r) | (__double_as_longlong(x) & 0x8000000000000000ll)) : r;
  }
  if (ax == lm_inf()) {
    double r = y < 0 ? 0.0 : lm_inf();
    return x < 0 && odd ? -r : r;
  }
  if (x < 0 && !lm_is_int(y)) return lm_nan();
  double lo;
  double l = __cuwa_libm_log_dd(ax, &lo);
  double t = y * l;
  double tl = fma(y, l, -t) + y * lo;
  double r = __cuwa_libm_exp_dd(t, tl);
  return x < 0 && odd ? -r : r;
}

/* ---- sin, cos, tan --------------------------------------------------------------------- */

#define LM_PIO2_1 1.5707963267948966
#define LM_PIO2_2 6.123233995736766e-17
#define LM_PIO2_3 -1.4973849048591698e-33

/* 64 bits of 2/pi from bit pos on (bit 1 is the first after the point;
 * bits before it are 0). */
LM lm_u64 lm_2opi_bits(int pos) {
  int shift = 0;
  if (pos < 1) {  /* pos >= -33 here */
    shift = 1 - pos;
    pos = 1;
  }
  int w = (pos - 1) >> 6, s = (pos - 1) & 63;
  lm_u64 v = __cuwa_libm_2opi[w];
  if (s != 0) v = (v << s) | (__cuwa_libm_2opi[w + 1] >> (64 - s));
  return v >> shift;
}

/* Payne-Hanek: x = k pi/2 + r for huge |x|; returns k mod 4, r = hi+lo. */
LM_API int __cuwa_libm_rem_pio2_big(double x, double *hi, double *lo) {
  lm_u64 b = lm_bits(x);
  int e = (int)((b >> 52) & 0x7ff) - 1075;
  lm_u64 m = (b & 0x000fffffffffffffull) | 0x0010000000000000ull;
  lm_u64 w0 = lm_2opi_bits(e - 1), w1 = lm_2opi_bits(e + 63), w2 = lm_2opi_bits(e + 127);
  /* m * (w0:w1:w2), 256 bits p0:p1:p2:p3; x * 2/pi = that * 2^-190 */
  lm_u64 a2 = m * w2, h2 = __umul64hi(m, w2);
  lm_u64 a1 = m * w1, h1 = __umul64hi(m, w1);
  lm_u64 a0 = m * w0;
  lm_u64 p3 = a2;
  lm_u64 p2 = a1 + h2;
  lm_u64 c = p2 < a1;
  lm_u64 p1 = a0 + h1 + c;
  int q = (int)(p1 >> 62);
  lm_u64 fh = (p1 << 2) | (p2 >> 62), fl = (p2 << 2) | (p3 >> 62);
  int neg = 0;
  if (fh >> 63) {  /* fraction >= 1/2: round k up, r negative */
    q += 1;
    fh = ~fh;
    fl = ~fl + 1;
    if (fl == 0) fh += 1;
    neg = 1;
  }
  int lz = 0;
  while (lz < 64 && !(fh >> 63)) {
    fh = (fh << 1) | (fl >> 63);
    fl <<= 1;
    lz++;
  }
  double fhi = (double)(fh >> 11) * lm_pow2(-53 - lz);
  double flo = (double)((fh << 53) | (fl >> 11)) * lm_pow2(-117 - lz);
  double rh = fhi * LM_PIO2_1;
  double rl = fma(fhi, LM_PIO2_1, -rh) + (fhi * LM_PIO2_2 + flo * LM_PIO2_1);
  double h = rh + rl;
  double l = rl - (h - rh);
  if (neg) { h = -h; l = -l; }
  if (x < 0) { h = -h; l = -l; q = -q; }
  *hi = h;
  *lo = l;
  return q & 3;
}

/* x = k pi/2 + (hi + lo), |hi + lo| <= pi/4 (about); returns k mod 4 */
LM int lm_rem_pio2(double x, double *hi, double *lo) {
  double ax = lm_abs(x);
  if (ax <= 0.7853981633974483) {
    *hi = x;
    *lo = 0.0;
    return 0;
  }
  if (ax >= 1.0e6) return __cuwa_libm_rem_pio2_big(x, hi, lo);
  double k = rint(x * 0.6366197723675814);
  double a = fma(-k, LM_PIO2_1, x);          /* exact */
  double bh = k * LM_PIO2_2;
  double bl = fma(k, LM_PIO2_2, -bh);
  double s = a - bh;
  double bb = s - a;
  double err = (a - (s - bb)) - (bh + bb);   /* two-sum: s + err = a - bh */
  double l = err - bl - k * LM_PIO2_3;
  double h = s + l;
  *hi = h;
  *lo = l - (h - s);
  return (int)((long long)k & 3);
}

/* sin(h + l), |h| <= pi/4 */
LM double lm_sin_kernel(double h, double l) {
  double z = h * h;
  double p = -1.0 / 51090942171709440000.0;
  p = fma(p, z, 1.0 / 121645100408832000.0);
  p = fma(p, z, -1.0 / 355687428096000.0);
  p = fma(p, z, 1.0 / 1307674368000.0);
  p = fma(p, z, -1.0 / 6227020800.0);
  p = fma(p, z, 1.0 / 39916800.0);
  p = fma(p, z, -1.0 / 362880.0);
  p = fma(p, z, 1.0 / 5040.0);
  p = fma(p, z, -1.0 / 120.0);
  p = fma(p, z, 1.0 / 6.0);
  /* sin = h - h^3 (1/6 - ...) + l cos h */
  return h + (l * (1.0 - 0.5 * z) - h * z * p);
}

/* cos(h + l), |h| <= pi/4 */
LM double lm_cos_kernel(double h, double l) {
  double z = h * h;
  double p = 1.0 / 2432902008176640000.0;
  p = fma(p, z, -1.0 / 6402373705728000.0);
  p = fma(p, z, 1.0 / 20922789888000.0);
  p = fma(p, z, -1.0 / 87178291200.0);
  p = fma(p, z, 1.0 / 479001600.0);
  p = fma(p, z, -1.0 / 3628800.0);
  p = fma(p, z, 1.0 / 40320.0);
  p = fma(p, z, -1.0 / 720.0);
  p = fma(p, z, 1.0 / 24.0);
  double hz = 0.5 * z;
  double hzl = 0.5 * fma(h, h, -z);
  double w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * z * p - hzl - h * l));
}

/* sin (which 0), cos (1) or tan (2): one copy of the reduction */
LM_API double __cuwa_libm_trig(double x, int which) {
  if (lm_abs(x) == lm_inf() || lm_isnan(x)) return x - x;
  double h, l;
  int q = lm_rem_pio2(x, &h, &l);
  if (which == 2) {
    double s = lm_sin_kernel(h, l), c = lm_cos_kernel(h, l);
    return q & 1 ? -c / s : s / c;
  }
  q += which;
  double s = q & 1 ? lm_cos_kernel(h, l) : lm_sin_kernel(h, l);
  return q & 2 ? -s : s;
}

LM_API double __cuwa_libm_sin(double x) { return __cuwa_libm_trig(x, 0); }
LM_API double __cuwa_libm_cos(double x) { return __cuwa_libm_trig(x, 1); }
LM_API double __cuwa_libm_tan(double x) { return __cuwa_libm_trig(x, 2); }

/* ---- atan, atan2, asin, acos ------------------------------------------------------------- */

/* atan(t), t >= 0: atan c + atan((t - c) / (1 + t c)) for c in 0.5, 1,
 * 1.5 (t - c exact), pi/2 - atan(1/t) above 39/16; then the series */
LM double lm_atan_pos(double t) {
  double base = 0.0, basel = 0.0;
  if (t > 2.4375) {
    t = -1.0 / t;
    base = 1.5707963267948966;
    basel = 6.123233995736766e-17;
  } else if (t > 1.1875) {
    t = (t - 1.5) / fma(t, 1.5, 1.0);
    base = 0.982793723247329;
    basel = 1.3903311031230998e-17;
  } else if (t > 0.6875) {
    t = (t - 1.0) / (t + 1.0);
    base = 0.7853981633974483;
    basel = 3.061616997868383e-17;
  } else if (t > 0.4375) {
    t = (t - 0.5) / fma(t, 0.5, 1.0);
    base = 0.4636476090008061;
    basel = 2.2698777452961687e-17;
  }
  double z = t * t;
  double p = 1.0 / 51.0;
  for (int k = 49; k >= 3; k -= 2) p = fma(p, -z, 1.0 / k);
  return base + (t + (basel - t * z * p));
}
LM_API double __cuwa_libm_atan(double x) {
  if (lm_isnan(x)) return x + x;
  double ax = lm_abs(x), r;
  r = lm_atan_pos(ax);
  return x < 0 ? -r : r;
}

LM_API double __cuwa_libm_atan2(double y, double x) {
  if (lm_isnan(x) || lm_isnan(y)) return x + y;
  double ax = lm_abs(x), ay = lm_abs(y), r;
  int xneg = (lm_bits(x) >> 63) != 0;
  if (ay == 0.0) r = xneg ? 3.141592653589793 : 0.0;
  else if (ax == lm_inf() && ay == lm_inf()) r = xneg ? 2.356194490192345 : 0.7853981633974483;
  else if (ax == 0.0 || ay == lm_inf()) r = LM_PIO2_1;
  else if (ax == lm_inf()) r = xneg ? 3.141592653589793 : 0.0;
  else {
    if (ay <= ax) r = lm_atan_pos(ay / ax);
    else r = LM_PIO2_1 + (LM_PIO2_2 - lm_atan_pos(ax / ay));
    if (xneg) r = 3.141592653589793 + (1.2246467991473532e-16 - r);
  }
  return (lm_bits(y) >> 63) ? -r : r;
}

LM_API double __cuwa_libm_asin(double x) {
  if (!(lm_abs(x) <= 1.0)) return lm_nan() + x;
  return __cuwa_libm_atan2(x, sqrt((1.0 - x) * (1.0 + x)));
}

LM_API double __cuwa_libm_acos(double x) {
  if (!(lm_abs(x) <= 1.0)) return lm_nan() + x;
  return __cuwa_libm_atan2(sqrt((1.0 - x) * (1.0 + x)), x);
}

/* ---- hyperbolic ------------------------------------------------------------------------- */

LM_API double __cuwa_libm_sinh(double x) {
  double ax = lm_abs(x), r;
  if (lm_isnan(x)) return x + x;
  if (ax < 22.0) {
    double e = __cuwa_libm_expm1(ax);
    r = 0.5 * (e + e / (e + 1.0));
  } else if (ax < 709.0) {
    r = 0.5 * __cuwa_libm_exp(ax);
  } else {
    double h = __cuwa_libm_exp(0.5 * ax);
    r = (0.5 * h) * h;
  }
  return x < 0 ? -r : r;
}

LM_API double __cuwa_libm_cosh(double x) {
  double ax = lm_abs(x);
  if (lm_isnan(x)) return x + x;
  if (ax < 22.0) {
    double e = __cuwa_libm_exp(ax);
    return 0.5 * e + 0.5 / e;
  }
  if (ax < 709.0) return 0.5 * __cuwa_libm_exp(ax);
  double h = __cuwa_libm_exp(0.5 * ax);
  return (0.5 * h) * h;
}

LM_API double __cuwa_libm_tanh(double x) {
  double ax = lm_abs(x), r;
  if (lm_isnan(x)) return x + x;
  if (ax > 22.0) r = 1.0;
  else if (ax < 0.35) {  /* e = e^2a - 1 and e / (e + 2) in double-double */
    double u = 2.0 * ax, t = lm_expm1_tail(u);
    double eh = u + t, el = (u - eh) + t;
    double dl;
    double d = lm_two_sum(eh, 2.0, &dl);
    dl += el;
    r = eh / d;
    r += ((fma(-r, d, eh) + el) - r * dl) / d;
  } else {
    double e = __cuwa_libm_expm1(2.0 * ax);
    r = e / (e + 2.0);
  }
  return x < 0 ? -r : r;
}

/* ---- erf -------------------------------------------------------------------------------- */


/* erf(x), 0 <= x <= 1/2: its Taylor series (alternating, x^2 <= 1/4),
 * 2/sqrt(pi) split in two for the leading term */
LM double lm_erf_series(double x) {
  double z = x * x;
  double q = -2.7835162072109215e-14;
  q = fma(q, z, 4.4632242632864775e-13);
  q = fma(q, z, -6.7113668551641105e-12);
  q = fma(q, z, 9.422759064650411e-11);
  q = fma(q, z, -1.2290555301717928e-09);
  q = fma(q, z, 1.4807192815879218e-08);
  q = fma(q, z, -1.6365844691234924e-07);
  q = fma(q, z, 1.6462114365889248e-06);
  q = fma(q, z, -1.492565035840625e-05);
  q = fma(q, z, 0.00012055332981789664);
  q = fma(q, z, -0.0008548327023450853);
  q = fma(q, z, 0.005223977625442188);
  q = fma(q, z, -0.026866170645131252);
  q = fma(q, z, 0.11283791670955126);
  q = fma(q, z, -0.37612638903183754);
  return fma(x, 1.1283791670955126, x * fma(q, z, 1.533545961316588e-17));
}




/* ---- cbrt, hypot, fmod, rsqrt ------------------------------------------------------------- */

LM_API double __cuwa_libm_cbrt(double x) {
  if (lm_isnan(x) || x == 0.0 || lm_abs(x) == lm_inf()) return x + x;
  double ax = lm_abs(x);
  int scale = 0;
  if (ax < lm_pow2(-1000)) { ax *= lm_pow2(300); scale = -100; }
  lm_u64 b = lm_bits(ax);
  int e = (int)(b >> 52) - 1023;
  int q = e >= 0 ? e / 3 : -((-e + 2) / 3);
  double m = ax * lm_pow2(-3 * q);                 /* in [1, 8) */
  double y = 1.0 + m * (0.5 - m * 0.03);             /* rough start */
  if (m > 3.0) y = 1.2 + 0.1 * m;
  for (int i = 0; i < 6; i++) y = y - (y * y * y - m) / (3.0 * y * y);
  /* final correction with the residual in double-double */
  double y2 = y * y, y2l = fma(y, y, -y2);
  double y3 = y2 * y, y3l = fma(y2, y, -y3) + y2l * y;
  double res = (y3 - m) + y3l;
  y = y - res / (3.0 * y2);
  double r = lm_scale(y, q + scale);
  return x < 0 ? -r : r;
}

LM_API double __cuwa_libm_hypot(double x, double y) {
  double ax = lm_abs(x), ay = lm_abs(y);
  if (ax == lm_inf() || ay == lm_inf()) return lm_inf();
  if (lm_isnan(x) || lm_isnan(y)) return x + y;
  double a = ax > ay ? ax : ay, b = ax > ay ? ay : ax;
  if (a == 0.0) return 0.0;
  int e = (int)(lm_bits(a) >> 52) - 1023;
  if (e < -1000) e = -1000;
  a = lm_scale(a, -e);
  b = lm_scale(b, -e);
  double h = a * a, hl = fma(a, a, -h);
  double g = b * b, gl = fma(b, b, -g);
  double s = h + g;
  double sl = (h - s) + g + hl + gl;
  double r = sqrt(s);
  r = r + (fma(-r, r, s) + sl) / (2.0 * r);
  return lm_scale(r, e);
}

LM_API double __cuwa_libm_fmod(double x, double y) {
  lm_u64 bx = lm_bits(x), by = lm_bits(y);
  lm_u64 sx = bx & 0x8000000000000000ull;
  bx &= 0x7fffffffffffffffull;
  by &= 0x7fffffffffffffffull;
  if (by == 0 || bx >= 0x7ff0000000000000ull || by > 0x7ff0000000000000ull) return (x * y) / (x * y);
  if (bx < by) return x;
  int ex = (int)(bx >> 52), ey = (int)(by >> 52);
  lm_u64 mx = bx & 0x000fffffffffffffull, my = by & 0x000fffffffffffffull;
  if (ex == 0) { while (!(mx >> 52)) { mx <<= 1; ex--; } ex++; } else mx |= 0x0010000000000000ull;
  if (ey == 0) { while (!(my >> 52)) { my <<= 1; ey--; } ey++; } else my |= 0x0010000000000000ull;
  for (; ex > ey; ex--) {
    if (mx >= my) mx -= my;
    if (mx == 0) return lm_from_bits(sx);
    mx <<= 1;
  }
  if (mx >= my) mx -= my;
  if (mx == 0) return lm_from_bits(sx);
  while (!(mx >> 52)) { mx <<= 1; ex--; }
  if (ex > 0) return lm_from_bits(sx | ((lm_u64)ex << 52) | (mx & 0x000fffffffffffffull));
  return lm_from_bits(sx | (mx >> (1 - ex)));  /* subnormal: exact */
}

LM_API double __cuwa_libm_rsqrt(double x) {
  if (x == 0.0) return x < 0 || (lm_bits(x) >> 63) ? -lm_inf() : lm_inf();
  if (!(x > 0.0)) return lm_nan() + x;
  if (x == lm_inf()) return 0.0;
  double r = 1.0 / sqrt(x);
  double h = r * r, hl = fma(r, r, -h);
  double e = fma(-x, h, 1.0) - x * hl;
  return fma(0.5 * r, e, r);
}

/* ---- fitted polynomials (src/back/ptx/libm_fit.py, mpmath): piece k of a
 * family is sum c[o[k] + j] (x - m[k])^j, j < o[k+1] - o[k] ---------------- */

__constant__ double __cuwa_libm_erfcx_c[148] = {
  /* [0.5, 1] */
  0.5069376502931449, -0.3679726916557954, 0.23095813155129497, -0.12983606199488007,
  0.06679054252841538, -0.031897262039946896, 0.01428919858470859, -0.006051532271776434,
  0.002437641069942269, -0.000938513222881505, 0.00034666379283020214, -0.00012332717214560827,
  4.337915907561481e-05, -1.440376961255891e-05,
  /* [1, 1.5] */
  0.3678229164523611, -0.20882187596460952, 0.1067955714965987, -0.05021827439604813,
  0.022011364250898474, -0.00908162761495057, 0.0035531098979445968, -0.0013257839153641357,
  0.00047397059996488885, -0.00016293376713169493, 5.404634674114516e-05, -1.7678831244654092e-05,
  5.494065543139676e-06,
  /* [1.5, 2] */
  0.2849722347374364, -0.13097634551448517, 0.055763630087087256, -0.022259995241407905,
  0.008404319207334107, -0.0030209746489200107, 0.001039204521771997, -0.0003435334907935854,
  0.00010950532535839581, -3.375169827943583e-05, 1.0085700886432653e-05, -2.974613371329766e-06,
  8.39673108255344e-07,
  /* [2, 2.5] */
  0.23108725873039188, -0.08848650280874916, 0.03199262741071133, -0.01100206075644132,
  0.003618995353412228, -0.0011437284834158552, 0.00034853548657863694, -0.00010272109738856212,
  2.9351258247733288e-05, -8.149782924354094e-06, 2.231245263514302e-06, -5.87733047014231e-07,
  /* [2.5, 3] */
  0.1936620962790687, -0.06323763756063484, 0.019758592987322864, -0.005934337896998593,
  0.0017195818852893537, -0.00048219508490217707, 0.00013118180051258774, -3.469861390256048e-05,
  8.94015702656911e-06, -2.247258217659835e-06, 5.519497472530419e-07, -1.3409717925357684e-07,
  3.154240525304326e-08,
  /* [3, 4] */
  0.1552936556088943, -0.041323577833252495, 0.01066113319251011, -0.002673074439643561,
  0.0006526863269086787, -0.0001554689182328899, 3.6181703647369664e-05, -8.237986419511217e-06,
  1.8371959965058951e-06, -4.017414059460916e-07, 8.617207083202206e-08, -1.816709921028992e-08,
  3.904660027946148e-09, -7.952076959606247e-10,
  /* [4, 5] */
  0.12248480427384142, -0.026015928630939815, 0.005413125434612216, -0.0011045761167898017,
  0.0002212664545309336, -4.355082856393897e-05, 8.42924195260638e-06, -1.605497013589794e-06,
  3.0112686390069487e-07, -5.565085307376166e-08, 1.0136576298634514e-08, -1.8217866412269658e-09,
  3.3190334902930086e-10, -5.808233719088603e-11,
  /* [5, 6] */
  0.10096221839949909, -0.0177947647010226, 0.003091012543874769, -0.0005294638064747668,
  8.948080413328717e-05, -1.4927753479978644e-05, 2.4593866313816637e-06, -4.003222311945855e-07,
  6.440393892725115e-08, -1.0243042648157418e-08, 1.61153348896564e-09, -2.557284263794557e-10,
  3.938075697616013e-11,
  /* [6, 8] */
  0.07980005432915294, -0.01117840648737151, 0.0015512089175523987, -0.00021329604300295894,
  2.9068308265168576e-05, -3.927154060728496e-06, 5.260766182966898e-07, -6.98907711416413e-08,
  9.210287132991844e-09, -1.2041926867409123e-09, 1.562233404266177e-10, -2.0083592309648987e-11,
  2.56680715375507e-12, -3.4609484063850223e-13, 4.356284268605068e-14,
  /* [8, 10] */
  0.06230772403777468, -0.006840134415568259, 0.0007465142976603335, -8.100382441673282e-05,
  8.73993895514623e-06, -9.377495291907941e-07, 1.000643958117973e-07, -1.061998610096115e-08,
  1.1211349852505408e-09, -1.17736909934901e-10, 1.2293574335147021e-11, -1.2778602589035814e-12,
  1.3722114402231637e-13, -1.411686569802622e-14,
  /* [10, 12] */
  0.051080594758088446, -0.004606082417566809, 0.0004136881648535084, -3.700840278556778e-05,
  3.297867106633342e-06, -2.927458443202328e-07, 2.588760367265344e-08, -2.280632162416703e-09,
  2.001694613474639e-10, -1.7499899623707702e-11, 1.5247224405728627e-12, -1.3565225045097226e-13,
  1.173233078128894e-14
};
__constant__ int __cuwa_libm_erfcx_o[12] = {0, 14, 27, 40, 52, 65, 79, 93, 106, 121, 135, 148};
__constant__ double __cuwa_libm_erfcx_m[11] = {0.75, 1.25, 1.75, 2.25, 2.75, 3.5, 4.5, 5.5, 7.0, 9.0, 11.0};

__constant__ double __cuwa_libm_erfcx_asym_c[12] = {
  /* [0, 0.0833333] */
  0.5641895835477563, 1.2529649591646628e-15, -0.2820947917746022, 1.652703129873482e-10,
  0.42314216799100624, 1.3960641462459295e-06, -1.057919100605041, 0.001940814618069746,
  3.662130915983416, 0.571752025371672, -22.03887390860152, 31.313405471285517
};
__constant__ int __cuwa_libm_erfcx_asym_o[2] = {0, 12};
__constant__ double __cuwa_libm_erfcx_asym_m[1] = {0.0};

__constant__ double __cuwa_libm_i0_c[102] = {
  /* [0, 2] */
  0.46575960759364043, -0.257849192243932, 0.15389398456907677, -0.07626738330347092,
  0.03121173555891636, -0.010760498514455508, 0.0031903942655879354, -0.0008279390738379791,
  0.00019080421921456982, -3.9517379542947345e-05, 7.428316590362159e-06, -1.2778929375051783e-06,
  2.0261303846646038e-07, -2.9784614831621965e-08, 4.074063448245032e-09, -5.22825563108887e-10,
  6.670716640649727e-11, -7.547235051086263e-12,
  /* [2, 4] */
  0.2430003541618254, -0.0461736408645245, 0.013369188648307731, -0.00418811643218809,
  0.0012842555674303909, -0.00036755679450415084, 9.619248435678042e-05, -2.287884250698796e-05,
  4.949240230871986e-06, -9.774636307093077e-07, 1.7711321419831592e-07, -2.9595948741725155e-08,
  4.5830960045594365e-09, -6.596070404277069e-10, 8.895383474678083e-11, -1.1931943701609083e-11,
  1.41365750446063e-12,
  /* [4, 6] */
  0.18354081260932836, -0.019568545664785997, 0.0031713189703318836, -0.0005802006097868223,
  0.00011285381549786281, -2.2584093994888258e-05, 4.520818088203983e-06, -8.836833381749075e-07,
  1.656702122107658e-07, -2.9447969352785186e-08, 4.931748558964067e-09, -7.760256548627196e-10,
  1.1448575895423516e-10, -1.5913040933721556e-11, 2.2088046632098227e-12, -2.7113095921089484e-13,
  /* [6, 8] */
  0.15373774467288126, -0.011448509963282574, 0.0012849931983112397, -0.00016129172514552372,
  2.143942846268413e-05, -2.961405523518467e-06, 4.2085080271977007e-07, -6.097495100047384e-08,
  8.908819775693376e-09, -1.2962854450491634e-09, 1.8552570445291908e-10, -2.5840496527987023e-11,
  3.4740195865794937e-12, -4.47706832548014e-13, 5.52824354447898e-14, -6.867670224824294e-15,
  7.690968246305394e-16,
  /* [0, 0.03125] */
  0.39972842705885897, 0.05076647920589737, 0.029489504053163477, 0.03225599522337682,
  0.05276041226520041, 0.11614942854942266, 0.324116831607062, 1.1148594154250446,
  4.522050710269034,
  /* [0.03125, 0.0625] */
  0.4013447163692835, 0.052711133930358894, 0.032863564782157496, 0.040229622159656725,
  0.0772441209631511, 0.21102887591728192, 0.7808422331522133, 3.8341156942268584,
  26.775008503215176, 242.359652915349,
  /* [0.0625, 0.125] */
  0.4038923361468227, 0.056095719280591545, 0.039845385066165875, 0.062238968110039594,
  0.1836742485023636, 0.8871473640974333, 3.7681847375217985, -19.10683650829625,
  -510.24071635406386, -1527.8209535989422, 41051.945698370844, 197137.3903323766,
  -3855483.114572836, -11632521.678091321, 306469539.57544124
};
__constant__ int __cuwa_libm_i0_o[8] = {0, 18, 35, 51, 68, 77, 87, 102};
__constant__ double __cuwa_libm_i0_m[7] = {1.0, 3.0, 5.0, 7.0, 0.015625, 0.046875, 0.09375};

__constant__ double __cuwa_libm_i1_c[102] = {
  /* [0, 2] */
  0.20791041534970844, -0.1579716384554849, 0.0830634731141496, -0.034483914182061745,
  0.011893157168687508, -0.003511290087972857, 0.0009061108367729656, -0.00020761616815526474,
  4.2763971370152456e-05, -7.998144367294254e-06, 1.3696381392093094e-06, -2.1625728884783346e-07,
  3.167260676092022e-08, -4.3251367086307186e-09, 5.531707327686059e-10, -6.644785801982522e-11,
  7.54271197117859e-12, -8.501014497403189e-13, 8.632243375341687e-14,
  /* [2, 4] */
  0.06560890443243361, -0.028348056000114225, 0.009717631783954536, -0.00292290864880692,
  0.0007897934145260684, -0.00019339843429596118, 4.314634077409079e-05, -8.810420493846488e-06,
  1.654160941003327e-06, -2.868307160050146e-07, 4.6133525674927835e-08, -6.91102963992118e-09,
  9.679494986059016e-10, -1.2704178100614548e-10, 1.5721663720683595e-11, -1.931620228967005e-12,
  2.1267696498606184e-13,
  /* [4, 6] */
  0.03279445338890847, -0.00920407222260619, 0.0021269578727155292, -0.00045114864410010866,
  9.021639792442192e-05, -1.7135116702898187e-05, 3.094030287964006e-06, -5.304702552587673e-07,
  8.622173253239046e-08, -1.3270791306461278e-08, 1.93329362302852e-09, -2.666041644168725e-10,
  3.4785243777681515e-11, -4.309746436152092e-12, 5.321204425309974e-13, -5.925329032986129e-14,
  /* [6, 8] */
  0.020327033529942667, -0.004172222442371825, 0.000710477209320928, -0.00011228731723074364,
  1.6988531153683615e-05, -2.4892616951984375e-06, 3.547554059018494e-07, -4.9208538925046587e-08,
  6.635826871398381e-09, -8.681313401655823e-10, 1.0991644623340444e-10, -1.3426394987316569e-11,
  1.5822594277801702e-12, -1.8742670787016256e-13, 2.0368128436389524e-14,
  /* [0, 0.03125] */
  0.3965931545624993, -0.15109519908940794, -0.04875732050579006, -0.04479528855611166,
  -0.06728460090172496, -0.14079881668257643, -0.3798841132084689, -1.275225111983057,
  -5.080043121201387,
  /* [0.03125, 0.0625] */
  0.39182237921673846, -0.15428273022417277, -0.05340047980657862, -0.05486565590970048,
  -0.09665495845436224, -0.2507348942734348, -0.8962236635561719, -4.285560488631032,
  -27.51977525762954, -262.4117358715439, -2867.7425146330743,
  /* [0.0625, 0.125] */
  0.38446685410720083, -0.15969829015857506, -0.06274903222136423, -0.08175866351338029,
  -0.21951352744914326, -1.0113858571410763, -4.351427605153714, 18.253191801482938,
  543.1145782756097, 1839.792032273575, -42250.538968189874, -225176.7589973977,
  3941746.038353016, 13488997.843918344, -315226443.19566196
};
__constant__ int __cuwa_libm_i1_o[8] = {0, 19, 36, 52, 67, 76, 87, 102};
__constant__ double __cuwa_libm_i1_m[7] = {1.0, 3.0, 5.0, 7.0, 0.015625, 0.046875, 0.09375};

__constant__ double __cuwa_libm_lgamma_c[91] = {
  /* [0.5, 1] */
  0.6504990445801452, -0.352359401332014, 0.2940853672245087, -0.28891120177374807,
  0.3072613943113247, -0.34197894981631405, 0.39194611016659187, -0.4585651270267428,
  0.5448294871072242, -0.6551511899535841, 0.795532594003385, -0.9737026720882918,
  1.1981118964464692, -1.4848014591616985, 1.8878946793733915, -2.362481191801947,
  2.442149950723089, -3.069875996941759, 7.8275977123136355, -9.943547012383101,
  /* [1, 1.5] */
  0.5241164609163369, -0.18455838443681613, 0.09456573803301094, -0.056273407273785964,
  0.03615879797539866, -0.024308805041979607, 0.01682767908247569, -0.011888238103145083,
  0.008525117348874187, -0.006183968579301619, 0.004526882187459892, -0.0033386772993613794,
  0.002477735040058841, -0.001848638202899347, 0.0013865853425383166, -0.0010434823521939815,
  0.0007748868274076831, -0.0005869511673996615, 0.0005450517385380577, -0.00041548282404483064,
  /* [1.5, 2] */
  0.4501393121092563, -0.11948158662524275, 0.044520447198500596, -0.01905395783024267,
  0.008776370427574409, -0.004226194127165506, 0.0020955336575999312, -0.0010605659555210883,
  0.0005449071283331388, -0.0002831960858836195, 0.00014828020435413725, -7.833427320783044e-05,
  4.442400361296282e-05, -2.374623110157061e-05,
  /* [2, 2.5] */
  0.3995894876556691, -0.08588084755126084, 0.025268354959288763, -0.008464024993647044,
  0.003041118657920341, -0.0011409865808348538, 0.0004406567286554176, -0.00017370981964198135,
  6.95229985273081e-05, -2.813595099440223e-05, 1.149642998124051e-05, -4.904052844196203e-06,
  2.0316270951167083e-06,
  /* [2.5, 3] */
  0.3620683176494759, -0.06572934792248165, 0.01603099503329621, -0.00441948838041684,
  0.0013029063327344287, -0.0004005636051426264, 0.000126699133549948, -4.0898718481404234e-05,
  1.340156770987309e-05, -4.443650469610478e-06, 1.5196536933039214e-06, -5.124716247152326e-07,
  /* [3, 3.5] */
  0.33272957550532456, -0.05246670336016248, 0.010952188945790633, -0.0025690485830951936,
  0.0006426800236468345, -0.00016744207395405137, 4.4854575107477586e-05, -1.2259279854723121e-05,
  3.4011886709558385e-06, -9.547739111690367e-07, 2.7473993833889346e-07, -7.844147172963648e-08
};
__constant__ int __cuwa_libm_lgamma_o[7] = {0, 20, 40, 54, 67, 79, 91};
__constant__ double __cuwa_libm_lgamma_m[6] = {0.75, 1.25, 1.75, 2.25, 2.75, 3.25};


/* ---- more CUDA Math API functions (asinh ... erfinv, gamma, I0/I1, norms) --------------- */


/* log(1 + x + xl) for x + xl > -1, |xl| tiny */
LM double lm_log1p_dd(double x, double xl) {
  if (lm_abs(x) < 1e-300) return x + xl;
  double ul;
  double u = lm_two_sum(1.0, x, &ul);
  ul += xl;
  double lo;
  double h = __cuwa_libm_log_dd(u, &lo);
  return h + (lo + ul / u);
}

LM_API double __cuwa_libm_asinh(double x) {
  if (lm_isnan(x) || lm_abs(x) == lm_inf()) return x + x;
  double ax = lm_abs(x), r;
  if (ax < 1e-150) return x;
  if (ax > 1e150) {
    double lo;
    r = __cuwa_libm_log_dd(ax, &lo) + (LM_LN2_HI + lo);
  } else {
    /* asinh a = log1p(a + a^2 / (1 + sqrt(1 + a^2))) */
    double h = ax * ax, hl = fma(ax, ax, -h);
    double s = sqrt(1.0 + h);
    double q = (h + hl) / (1.0 + s);
    double tl;
    double t = lm_two_sum(ax, q, &tl);
    r = lm_log1p_dd(t, tl);
  }
  return x < 0 ? -r : r;
}

LM_API double __cuwa_libm_acosh(double x) {
  if (lm_isnan(x)) return x + x;
  if (x < 1.0) return lm_nan();
  if (x == lm_inf()) return x;
  if (x > 1e150) {
    double lo;
    return __cuwa_libm_log_dd(x, &lo) + (LM_LN2_HI + lo);
  }
  /* y = x - 1; acosh x = log1p(y + sqrt(y (y + 2))) in double-double */
  double y = x - 1.0, yl = (x - (y + 1.0));
  double wl;
  double w = lm_two_sum(y, 2.0, &wl);
  double p = y * w, pl = fma(y, w, -p) + y * wl + yl * w;
  double s = sqrt(p);
  double sl = s > 0.0 ? (fma(-s, s, p) + pl) / (2.0 * s) : 0.0;
  double tl;
  double t = lm_two_sum(y, s, &tl);
  return lm_log1p_dd(t, tl + sl + yl);
}

LM_API double __cuwa_libm_atanh(double x) {
  if (lm_isnan(x)) return x + x;
  double ax = lm_abs(x);
  if (ax > 1.0) return lm_nan();
  if (ax == 1.0) return x * lm_inf();
  if (ax < 1e-150) return x;
  /* atanh a = log1p(2a / (1 - a)) / 2 */
  double dl;
  double d = lm_two_sum(1.0, -ax, &dl);
  double n = 2.0 * ax;
  double q = n / d;
  double ql = (fma(-q, d, n) - q * dl) / d;
  double r = 0.5 * lm_log1p_dd(q, ql);
  return x < 0 ? -r : r;
}

/* x = n/2 + r exactly, |r| <= 1/4, for |x| < 2^53; returns n mod 4 */
LM int lm_reduce_half(double x, double *r) {
  double n = rint(2.0 * x);
  *r = x - 0.5 * n;
  return (int)((long long)n & 3);
}

/* sin(pi r) (q even) or cos(pi r) (q odd), negated for q & 2 */
LM double lm_sinpi_q(double r, int q) {
  double h = r * 3.141592653589793;
  double l = fma(r, 3.141592653589793, -h) + r * 1.2246467991473532e-16;
  double s = q & 1 ? lm_cos_kernel(h, l) : lm_sin_kernel(h, l);
  return q & 2 ? -s : s;
}

LM_API double __cuwa_libm_sinpi(double x) {
  if (lm_isnan(x) || lm_abs(x) == lm_inf()) return x - x;
  if (lm_abs(x) >= 9007199254740992.0 || x == 0.0) return x * 0.0;
  double r;
  int q = lm_reduce_half(x, &r);
  return lm_sinpi_q(r, q);
}

LM_API double __cuwa_libm_cospi(double x) {
  if (lm_isnan(x) || lm_abs(x) == lm_inf()) return x - x;
  if (lm_abs(x) >= 9007199254740992.0) return 1.0;
  double r;
  int q = lm_reduce_half(x, &r);
  double c = lm_sinpi_q(r, q + 1);
  return c == 0.0 ? 0.0 : c;
}

LM_API double __cuwa_libm_rcbrt(double x) {
  if (lm_isnan(x)) return x + x;
  if (x == 0.0) return 1.0 / x;
  if (lm_abs(x) == lm_inf()) return x < 0 ? -0.0 : 0.0;
  /* scale into range so that r^3 x does not overflow; by 2^(3k) */
  double ax = lm_abs(x);
  int k = 0;
  if (ax < lm_pow2(-900)) { ax *= lm_pow2(300); k = 100; }
  else if (ax > lm_pow2(900)) { ax *= lm_pow2(-300); k = -100; }
  double r = 1.0 / __cuwa_libm_cbrt(ax);
  /* one Newton step on r^-3 = a with the residual in double-double */
  double r2 = r * r, r2l = fma(r, r, -r2);
  double r3 = r2 * r, r3l = fma(r2, r, -r3) + r2l * r;
  double p = ax * r3, pl = fma(ax, r3, -p) + ax * r3l;
  double e = (1.0 - p) - pl;
  r = fma(r * (1.0 / 3.0), e, r);
  r = lm_scale(r, k);
  return x < 0 ? -r : r;
}

/* piece k of a fitted family at x (see the tables above) */
#define LM_FIT(F, k, x, res)                                                       \
  do {                                                                             \
    double t_ = (x) - __cuwa_libm_##F##_m[k];                                      \
    int lo_ = __cuwa_libm_##F##_o[k], j_ = __cuwa_libm_##F##_o[(k) + 1] - 1;       \
    double p_ = __cuwa_libm_##F##_c[j_];                                           \
    for (j_--; j_ >= lo_; j_--) p_ = fma(p_, t_, __cuwa_libm_##F##_c[j_]);         \
    (res) = p_;                                                                    \
  } while (0)

/* erf(x) for 0 <= x < 2 from the series, e^(-x^2) included */
LM double lm_erf_small(double x) {
  if (x < 1e-300) return x * 1.1283791670955126;
  return lm_erf_series(x);
}

/* e^(x^2) erfc(x) for x >= 0 (inf included) */
LM_API double __cuwa_libm_erfcx_pos(double x) {
  double r;
  if (x < 0.5) {
    double h = x * x, hl = fma(x, x, -h);
    return __cuwa_libm_exp_dd(h, hl) * (1.0 - lm_erf_small(x));
  }
  if (x < 12.0) {
    int k = x < 3.0 ? (int)((x - 0.5) * 2.0) : x < 6.0 ? (int)x + 2 : (int)(x * 0.5) + 5;
    LM_FIT(erfcx, k, x, r);
    return r;
  }
  LM_FIT(erfcx_asym, 0, 1.0 / x, r);
  return r / x;
}

/* erfc(x + xl) for x >= 0, |xl| <= ulp(x) */
LM_API double __cuwa_libm_erfc_pos(double x, double xl) {
  if (x < 0.5) return (1.0 - lm_erf_small(x)) - xl * 1.1283791670955126 * (1.0 - x * x);
  if (x > 27.3) return 0.0;
  double h = x * x, l = fma(x, x, -h) + 2.0 * x * xl;
  return __cuwa_libm_exp_dd(-h, -l) * __cuwa_libm_erfcx_pos(x);
}

LM_API double __cuwa_libm_erf(double x) {
  if (lm_isnan(x)) return x + x;
  double ax = lm_abs(x), r;
  if (ax < 1e-300) return x * 1.1283791670955126;
  if (ax < 0.5) r = lm_erf_series(ax);
  else if (ax < 6.0) r = 1.0 - __cuwa_libm_erfc_pos(ax, 0.0);  /* erfc < 1/2: no cancellation */
  else r = 1.0;
  return x < 0 ? -r : r;
}

LM_API double __cuwa_libm_erfc(double x) {
  if (lm_isnan(x)) return x + x;
  if (x >= 0.0) return __cuwa_libm_erfc_pos(x, 0.0);
  if (x < -6.0) return 2.0;
  return 2.0 - __cuwa_libm_erfc_pos(-x, 0.0);
}

LM_API double __cuwa_libm_erfcx(double x) {
  if (lm_isnan(x)) return x + x;
  if (x >= 0.0) return __cuwa_libm_erfcx_pos(x);
  if (x < -26.7) return lm_inf();
  double h = x * x, hl = fma(x, x, -h);
  return 2.0 * __cuwa_libm_exp_dd(h, hl) - __cuwa_libm_erfcx_pos(-x);
}

LM_API double __cuwa_libm_normcdf(double x) {
  if (lm_isnan(x)) return x + x;
  if (x > 38.5) return 1.0;
  /* t = -x / sqrt 2 in double-double */
  double th = -x * 0.7071067811865476;
  double tl = fma(-x, 0.7071067811865476, -th) - x * -4.833646656726457e-17;
  if (th >= 0.0) return 0.5 * __cuwa_libm_erfc_pos(th, tl);
  return 1.0 - 0.5 * __cuwa_libm_erfc_pos(-th, -tl);
}

/* M. Giles, "Approximating the erfinv function": a start for Newton */
LM double lm_erfinv_guess(double y, double w) {
  double p;
  if (w < 5.0) {
    w -= 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w; p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w; p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w; p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w; p = 1.50140941 + p * w;
  } else {
    w = sqrt(w) - 3.0;
    p = -0.000200214257;
    p = 0.000100950558 + p * w; p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w; p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w; p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w; p = 2.83297682 + p * w;
  }
  return p * y;
}

/* x with erf(x) = y, 0 < y <= 1/2 (Newton on erf) */
LM_API double __cuwa_libm_erfinv_small(double y) {
  double lo;
  double x = lm_erfinv_guess(y, -__cuwa_libm_log_dd((1.0 - y) * (1.0 + y), &lo));
  for (int i = 0; i < 4; i++) {
    double h = x * x, hl = fma(x, x, -h);
    x -= (__cuwa_libm_erf(x) - y) / (1.1283791670955126 * __cuwa_libm_exp_dd(-h, -hl));
  }
  return x;
}

/* x >= 0 with erfc(x) = w, 0 < w <= 1/2: Newton on log erfc(x) = log w,
 * with log erfc(x) = log erfcx(x) - x^2 (no underflow) */
LM_API double __cuwa_libm_erfcinv_pos(double w) {
  double lwl, lo;
  double lw = __cuwa_libm_log_dd(w, &lwl);
  double x = w > 1e-8 ? lm_erfinv_guess(1.0 - w, -__cuwa_libm_log_dd(w * (2.0 - w), &lo)) : sqrt(-lw);
  for (int i = 0; i < 40; i++) {
    double ex = __cuwa_libm_erfcx_pos(x);
    double le = __cuwa_libm_log_dd(ex, &lo);
    double h = x * x, hl = fma(x, x, -h);
    double se;
    double s = lm_two_sum(-h, -lw, &se);
    double g = (s + le) + (se + lo - hl - lwl);
    double step = g * (0.886226925452758 * ex);  /* -g / (d/dx log erfc x) */
    x += step;
    if (lm_abs(step) <= x * 1e-17) break;
  }
  return x;
}

LM_API double __cuwa_libm_erfinv(double y) {
  if (lm_isnan(y)) return y + y;
  double ay = lm_abs(y), r;
  if (ay > 1.0) return lm_nan();
  if (ay == 1.0) return y * lm_inf();
  if (ay < 1e-300) return y * 0.886226925452758;
  if (ay <= 0.5) r = __cuwa_libm_erfinv_small(ay);
  else r = __cuwa_libm_erfcinv_pos(1.0 - ay);
  return y < 0 ? -r : r;
}

LM_API double __cuwa_libm_erfcinv(double w) {
  if (lm_isnan(w)) return w + w;
  if (w < 0.0 || w > 2.0) return lm_nan();
  if (w == 0.0) return lm_inf();
  if (w == 2.0) return -lm_inf();
  if (w <= 0.5) return __cuwa_libm_erfcinv_pos(w);
  if (w < 1.0) return __cuwa_libm_erfinv_small(1.0 - w);
  if (w == 1.0) return 0.0;
  if (w <= 1.5) return -__cuwa_libm_erfinv_small(w - 1.0);
  return -__cuwa_libm_erfcinv_pos(2.0 - w);
}

LM_API double __cuwa_libm_normcdfinv(double p) {
  if (lm_isnan(p)) return p + p;
  double r = __cuwa_libm_erfcinv(2.0 * p);
  return -fma(r, 1.4142135623730951, r * -9.667293313452913e-17);
}

/* log gamma(x + xl) for x >= 10 as hi + *lo: Stirling's series */
LM_API double __cuwa_libm_lgamma_big(double x, double xl, double *lo) {
  double ll;
  double lh = __cuwa_libm_log_dd(x, &ll);
  double a = x - 0.5;
  double p = a * lh, pl = fma(a, lh, -p) + a * ll;
  double sl;
  double s = lm_two_sum(p, -x, &sl);
  double cl;
  double c = lm_two_sum(s, 0.9189385332046728, &cl);
  double z = 1.0 / x, z2 = z * z;
  double q = -156.84828462600203;
  q = fma(q, z2, 13.402864044168393);
  q = fma(q, z2, -1.3924322169059011);
  q = fma(q, z2, 0.17964437236883057);
  q = fma(q, z2, -0.029550653594771242);
  q = fma(q, z2, 0.00641025641025641);
  q = fma(q, z2, -0.0019175269175269176);
  q = fma(q, z2, 0.0008417508417508417);
  q = fma(q, z2, -0.0005952380952380953);
  q = fma(q, z2, 0.0007936507936507937);
  q = fma(q, z2, -0.002777777777777778);
  q = fma(q, z2, 0.08333333333333333);
  double low = cl + sl + pl - 3.8782941580672414e-17 + q * z + xl * (lh - 0.5 * z);
  double r = c + low;
  *lo = (c - r) + low;
  return r;
}

/* (h + l) * (a + al) in double-double */
LM double lm_dd_mul(double h, double l, double a, double al, double *lo) {
  double p = h * a;
  double pl = fma(h, a, -p) + (l * a + h * al);
  double r = p + pl;
  *lo = pl - (r - p);
  return r;
}

/* gamma(x + xl) for x > 0: up to >= 10 by the recurrence (in
 * double-double), then Stirling */
LM_API double __cuwa_libm_gamma_pos(double x, double xl) {
  if (x > 171.7) return lm_inf();
  double ph = 1.0, pl = 0.0, yh = x, yl = xl;
  while (yh < 10.0) {
    ph = lm_dd_mul(ph, pl, yh, yl, &pl);
    double e;
    double t = lm_two_sum(yh, 1.0, &e);
    yl += e;
    yh = t + yl;
    yl -= yh - t;
  }
  double el;
  double eh = __cuwa_libm_lgamma_big(yh, yl, &el);
  double g = __cuwa_libm_exp_dd(eh, el);
  double r = g / ph;
  return r - (fma(r, ph, -g) + r * pl) / ph;
}

LM_API double __cuwa_libm_tgamma(double x) {
  if (lm_isnan(x) || x == lm_inf()) return x + x;
  if (x == 0.0) return 1.0 / x;
  if (x > 0.0) {
    if (x < 1e-20) return 1.0 / x - 0.5772156649015329;
    return __cuwa_libm_gamma_pos(x, 0.0);
  }
  if (x == -lm_inf() || lm_is_int(x)) return lm_nan();
  if (x > -1e-20) return 1.0 / x - 0.5772156649015329;
  /* gamma(x) = pi / (sin(pi x) gamma(1 - x)) */
  double yl;
  double y = lm_two_sum(1.0, -x, &yl);
  double s = __cuwa_libm_sinpi(x);
  if (y > 171.6) {
    double el;
    double eh = __cuwa_libm_lgamma_big(y, yl, &el);
    return (3.141592653589793 / s) * __cuwa_libm_exp_dd(-eh, -el);
  }
  return 3.141592653589793 / (s * __cuwa_libm_gamma_pos(y, yl));
}

/* log gamma(x), x > 0 */
LM_API double __cuwa_libm_lgamma_pos(double x) {
  double r, lo;
  if (x < 1e-300) return -__cuwa_libm_log_dd(x, &lo);
  if (x < 0.5) {  /* log gamma(1 + x) - log x, with 1 + x - 1 = x */
    double y = 1.0 + x;
    int k = (int)((y - 0.5) * 2.0);
    LM_FIT(lgamma, k, y, r);
    double l = __cuwa_libm_log_dd(x, &lo);
    return r * x * (x - 1.0) - l - lo;
  }
  if (x < 3.5) {  /* the fit of log gamma(x) / ((x - 1)(x - 2)): exact at the roots */
    int k = (int)((x - 0.5) * 2.0);
    LM_FIT(lgamma, k, x, r);
    r *= (x - 1.0) * (x - 2.0);
    return r == 0.0 ? 0.0 : r;  /* +0 at 1 and 2 */
  }
  if (x >= 10.0) return __cuwa_libm_lgamma_big(x, 0.0, &lo) + lo;
  double ph = 1.0, pl = 0.0, yh = x, yl = 0.0;
  while (yh < 10.0) {
    ph = lm_dd_mul(ph, pl, yh, yl, &pl);
    double e;
    double t = lm_two_sum(yh, 1.0, &e);
    yl += e;
    yh = t + yl;
    yl -= yh - t;
  }
  double el;
  double eh = __cuwa_libm_lgamma_big(yh, yl, &el);
  double l = __cuwa_libm_log_dd(ph, &lo);
  lo += pl / ph;
  return (eh - l) + (el - lo);
}

LM_API double __cuwa_libm_lgamma(double x) {
  if (lm_isnan(x)) return x + x;
  if (lm_abs(x) == lm_inf()) return lm_inf();
  if (x > 0.0) return __cuwa_libm_lgamma_pos(x);
  if (x == 0.0 || lm_is_int(x)) return lm_inf();
  double ax = -x, lo;
  if (ax < 1e-300) return -__cuwa_libm_log_dd(ax, &lo);
  /* gamma(x) gamma(-x) = -pi / (x sin(pi x)) */
  double t = lm_abs(ax * __cuwa_libm_sinpi(x));
  double l = __cuwa_libm_log_dd(t, &lo);
  return ((1.1447298858494002 - l) + (1.0265951162707826e-17 - lo)) - __cuwa_libm_lgamma_pos(ax);
}

/* I0 (nu 0) or I1 (nu 1) of ax >= 0 */
LM_API double __cuwa_libm_bessel_i(double ax, int nu) {
  double f;
  if (ax == lm_inf()) return ax;
  if (ax <= 8.0) {
    int k = (int)(ax * 0.5);
    if (k > 3) k = 3;
    if (nu) {
      LM_FIT(i1, k, ax, f);
      f *= ax;
    } else {
      LM_FIT(i0, k, ax, f);
    }
    return f * __cuwa_libm_exp(ax);
  }
  double u = 1.0 / ax;
  int k = u < 0.03125 ? 4 : u < 0.0625 ? 5 : 6;
  if (nu) LM_FIT(i1, k, u, f);
  else LM_FIT(i0, k, u, f);
  f /= sqrt(ax);
  if (ax < 700.0) return f * __cuwa_libm_exp(ax);
  double e = __cuwa_libm_exp(0.5 * ax);
  return (f * e) * e;
}

LM_API double __cuwa_libm_cyl_bessel_i0(double x) {
  if (lm_isnan(x)) return x + x;
  return __cuwa_libm_bessel_i(lm_abs(x), 0);
}

LM_API double __cuwa_libm_cyl_bessel_i1(double x) {
  if (lm_isnan(x)) return x + x;
  double r = __cuwa_libm_bessel_i(lm_abs(x), 1);
  return x < 0 ? -r : r;
}

/* ---- Bessel functions of the first and second kind ----------------------------------------- */

/* (h, l) / d in double-double */
LM double lm_dd_div(double h, double l, double d, double *lo) {
  double q = h / d;
  double r = (fma(-q, d, h) + l) / d;
  double s = q + r;
  *lo = r - (s - q);
  return s;
}

/* (h, l) += (a, al) */
LM void lm_dd_acc(double *h, double *l, double a, double al) {
  double e;
  double s = lm_two_sum(*h, a, &e);
  e += *l + al;
  *h = s + e;
  *l = e - (*h - s);
}

/* The power series of J_nu (nu 0 or 1) at x > 0 in double-double, and
 * Y_nu from it; for x <= 25 (the terms peak near 1e7 there) */
LM_API double __cuwa_libm_bessel_series(double x, int nu, int second) {
  double hx = 0.5 * x;
  double q = hx * hx, ql = fma(hx, hx, -q);
  double th = nu ? hx : 1.0, tl = 0.0;  /* term k: (-q)^k (x/2)^nu / (k! (k + nu)!) */
  double jh = th, jl = 0.0, sh = 0.0, sl = 0.0;  /* J, and the sum with harmonic numbers */
  double hk = 0.0, hkl = 0.0;                    /* H_k */
  if (nu) {
    sh = th;  /* (H_0 + H_1) u_0 */
  }
  for (int k = 1; k < 200; k++) {
    th = lm_dd_mul(th, tl, -q, -ql, &tl);
    th = lm_dd_div(th, tl, (double)k * (double)(k + nu), &tl);
    lm_dd_acc(&jh, &jl, th, tl);
    double r = 1.0 / k;
    lm_dd_acc(&hk, &hkl, r, fma(-r, k, 1.0) / k);
    double w = hk, wl = hkl;
    if (nu) {  /* H_k + H_k+1 = 2 H_k + 1/(k+1) */
      double r1 = 1.0 / (k + 1);
      w = 2.0 * hk;
      wl = 2.0 * hkl;
      lm_dd_acc(&w, &wl, r1, fma(-r1, k + 1, 1.0) / (k + 1));
    }
    double ph, pl;
    ph = lm_dd_mul(th, tl, w, wl, &pl);
    lm_dd_acc(&sh, &sl, ph, pl);
    if (lm_abs(th) < 1e-36 * lm_abs(jh) + 1e-300) break;
  }
  if (!second) return jh + jl;
  /* Y_0 = 2/pi ((log(x/2) + gamma) J_0 - sum H_k t_k)
   * Y_1 = 2/pi (log(x/2) + gamma) J_1 - 2 / (pi x) - 1/pi sum (H_k + H_k+1) u_k */
  double lo;
  double lh = __cuwa_libm_log_dd(hx, &lo);
  lm_dd_acc(&lh, &lo, 0.5772156649015329, -4.942915152430645e-18);
  double ah, al;
  ah = lm_dd_mul(lh, lo, jh, jl, &al);
  double rh = ah, rl = al;
  if (nu) {
    double bh, bl;
    bh = lm_dd_mul(sh, sl, 0.5, 0.0, &bl);
    lm_dd_acc(&rh, &rl, -bh, -bl);
    double ih = 1.0 / x, il = fma(-ih, x, 1.0) / x;
    lm_dd_acc(&rh, &rl, -ih, -il);
  } else {
    lm_dd_acc(&rh, &rl, -sh, -sl);
  }
  rh = lm_dd_mul(rh, rl, 0.6366197723675814, -3.935735335036497e-17, &rl);
  return rh + rl;
}

/* Hankel's asymptotic expansion for x > 25: J_nu (second 0) or Y_nu */
LM_API double __cuwa_libm_bessel_asym(double x, int nu, int second) {
  double mu = 4.0 * nu * nu, a = 1.0, p = 1.0, qq = 0.0, z = 1.0 / x, prev = 1e300;
  for (int k = 1; k < 60; k++) {
    a *= (mu - (2.0 * k - 1.0) * (2.0 * k - 1.0)) * z / (8.0 * k);
    if (lm_abs(a) > prev || lm_abs(a) < 1e-18) break;  /* the smallest term reached */
    prev = lm_abs(a);
    int m = k & 3;  /* a_k / x^k into P (even k) or Q (odd k) with the sign (-1)^(k/2) */
    if (m == 1) qq += a;
    else if (m == 2) p -= a;
    else if (m == 3) qq -= a;
    else p += a;
  }
  double s = __cuwa_libm_sin(x), c = __cuwa_libm_cos(x);
  /* chi = x - pi/4 - nu pi/2 */
  double cc = nu ? (s - c) : (c + s), sc = nu ? -(s + c) : (s - c);  /* sqrt2 cos chi, sqrt2 sin chi */
  double amp = sqrt(z) * 0.5641895835477563;  /* sqrt(2 / (pi x)) / sqrt 2 */
  return amp * (second ? p * sc + qq * cc : p * cc - qq * sc);
}

LM double lm_bessel_jy(double x, int nu, int second) {
  if (x > 25.0) return __cuwa_libm_bessel_asym(x, nu, second);
  return __cuwa_libm_bessel_series(x, nu, second);
}

LM_API double __cuwa_libm_j0(double x) {
  if (lm_isnan(x)) return x + x;
  double ax = lm_abs(x);
  if (ax == lm_inf()) return 0.0;
  if (ax == 0.0) return 1.0;
  return lm_bessel_jy(ax, 0, 0);
}

LM_API double __cuwa_libm_j1(double x) {
  if (lm_isnan(x)) return x + x;
  double ax = lm_abs(x);
  if (ax == lm_inf()) return x < 0 ? -0.0 : 0.0;
  if (ax == 0.0) return x;
  double r = lm_bessel_jy(ax, 1, 0);
  return x < 0 ? -r : r;
}

LM_API double __cuwa_libm_y0(double x) {
  if (lm_isnan(x)) return x + x;
  if (x < 0.0) return lm_nan();
  if (x == 0.0) return -lm_inf();
  if (x == lm_inf()) return 0.0;
  return lm_bessel_jy(x, 0, 1);
}

LM_API double __cuwa_libm_y1(double x) {
  if (lm_isnan(x)) return x + x;
  if (x < 0.0) return lm_nan();
  if (x == 0.0) return -lm_inf();
  if (x == lm_inf()) return 0.0;
  if (x < 1e-300) return -lm_inf();
  return lm_bessel_jy(x, 1, 1);
}

/* J_n: forward recurrence where it is stable (n <= x), else Miller's
 * backward recurrence normalised by J0 + 2 (J2 + J4 + ...) = 1 */
LM_API double __cuwa_libm_jn(int n, double x) {
  if (lm_isnan(x)) return x + x;
  int neg = 0;
  if (n < 0) {
    n = -n;
    neg = n & 1;
  }
  if (x < 0.0) {
    x = -x;
    neg ^= n & 1;
  }
  double r;
  if (n == 0) r = __cuwa_libm_j0(x);
  else if (n == 1) r = __cuwa_libm_j1(x);
  else if (x == 0.0 || x == lm_inf()) r = 0.0;
  else if (x >= n) {
    double a = __cuwa_libm_j0(x), b = __cuwa_libm_j1(x);
    for (int k = 1; k < n; k++) {
      double c = (2.0 * k / x) * b - a;
      a = b;
      b = c;
    }
    r = b;
  } else {
    int m = 2 * ((n + (int)sqrt(60.0 * n) + 20) / 2);
    double bjp = 0.0, bj = 1.0, sum = 0.0, ans = 0.0;
    int even = 0;
    for (int k = m; k > 0; k--) {
      double bjm = (2.0 * k / x) * bj - bjp;
      bjp = bj;
      bj = bjm;
      if (lm_abs(bj) > 1e250) {  /* rescale */
        bj *= 1e-250;
        bjp *= 1e-250;
        ans *= 1e-250;
        sum *= 1e-250;
      }
      if (even) sum += bj;
      even = !even;
      if (k == n) ans = bjp;
    }
    sum = 2.0 * sum - bj;
    r = ans / sum;
  }
  return neg ? -r : r;
}

LM_API double __cuwa_libm_yn(int n, double x) {
  if (lm_isnan(x)) return x + x;
  int neg = 0;
  if (n < 0) {
    n = -n;
    neg = n & 1;
  }
  if (x < 0.0) return lm_nan();
  if (x == 0.0) return -lm_inf();
  double r;
  if (n == 0) r = __cuwa_libm_y0(x);
  else {
    double a = __cuwa_libm_y0(x), b = __cuwa_libm_y1(x);
    for (int k = 1; k < n && b != -lm_inf(); k++) {
      double c = (2.0 * k / x) * b - a;
      a = b;
      b = c;
    }
    r = b;
  }
  return neg ? -r : r;
}

LM_API float __cuwa_libm_j0f(float x) { return (float)__cuwa_libm_j0(x); }
LM_API float __cuwa_libm_j1f(float x) { return (float)__cuwa_libm_j1(x); }
LM_API float __cuwa_libm_y0f(float x) { return (float)__cuwa_libm_y0(x); }
LM_API float __cuwa_libm_y1f(float x) { return (float)__cuwa_libm_y1(x); }
LM_API float __cuwa_libm_jnf(int n, float x) { return (float)__cuwa_libm_jn(n, x); }
LM_API float __cuwa_libm_ynf(int n, float x) { return (float)__cuwa_libm_yn(n, x); }

/* ---- exponent and bit functions ---------------------------------------------------------- */

/* the unbiased exponent of finite non-zero x (subnormals included) */
LM int lm_exponent(double x) {
  int e = 0;
  if (lm_abs(x) < lm_pow2(-1022)) {
    x *= lm_pow2(54);
    e = -54;
  }
  return e + (int)((lm_bits(x) >> 52) & 0x7ff) - 1023;
}

LM_API double __cuwa_libm_logb(double x) {
  if (lm_isnan(x)) return x + x;
  if (lm_abs(x) == lm_inf()) return lm_inf();
  if (x == 0.0) return -lm_inf();
  return (double)lm_exponent(x);
}

LM_API int __cuwa_libm_ilogb(double x) {
  if (lm_isnan(x) || x == 0.0) return -2147483647 - 1;
  if (lm_abs(x) == lm_inf()) return 0x7fffffff;
  return lm_exponent(x);
}

LM_API double __cuwa_libm_ldexp(double x, int n) {
  if (lm_isnan(x) || x == 0.0 || lm_abs(x) == lm_inf()) return x + x;
  if (n > 2200) n = 2200;
  if (n < -2200) n = -2200;
  return lm_scale(x, n);
}

LM_API double __cuwa_libm_scalbln(double x, long long n) {
  return __cuwa_libm_ldexp(x, n > 2200 ? 2200 : n < -2200 ? -2200 : (int)n);
}

LM_API double __cuwa_libm_nextafter(double x, double y) {
  if (lm_isnan(x) || lm_isnan(y)) return x + y;
  if (x == y) return y;
  if (x == 0.0) return lm_from_bits(1ull | (lm_bits(y) & 0x8000000000000000ull));
  lm_u64 b = lm_bits(x);
  if ((x < y) == (x > 0.0)) b += 1;
  else b -= 1;
  return lm_from_bits(b);
}

LM_API float __cuwa_libm_nextafterf(float x, float y) {
  if (x != x || y != y) return x + y;
  if (x == y) return y;
  unsigned bx = (unsigned)__float_as_int(x);
  if (x == 0.0f) return __int_as_float((int)(1u | ((unsigned)__float_as_int(y) & 0x80000000u)));
  if ((x < y) == (x > 0.0f)) bx += 1;
  else bx -= 1;
  return __int_as_float((int)bx);
}

LM_API double __cuwa_libm_fdim(double x, double y) {
  if (lm_isnan(x) || lm_isnan(y)) return x + y;
  return x > y ? x - y : 0.0;
}

LM_API float __cuwa_libm_fdimf(float x, float y) {
  if (x != x || y != y) return x + y;
  return x > y ? x - y : 0.0f;
}

/* remainder of x / y rounded to nearest, and the low 31 bits of the
 * quotient with its sign (exact long division of the significands) */
LM_API double __cuwa_libm_remquo(double x, double y, int *quo) {
  lm_u64 ux = lm_bits(x), uy = lm_bits(y);
  int ex = (int)(ux >> 52 & 0x7ff), ey = (int)(uy >> 52 & 0x7ff);
  int sx = (int)(ux >> 63), sy = (int)(uy >> 63);
  *quo = 0;
  if ((uy << 1) == 0 || lm_isnan(y) || ex == 0x7ff) return (x * y) / (x * y);
  if ((ux << 1) == 0) return x;
  lm_u64 i;
  if (!ex) {
    for (i = ux << 12; (i >> 63) == 0; ex--) i <<= 1;
    ux <<= -ex + 1;
  } else {
    ux &= 0x000fffffffffffffull;
    ux |= 0x0010000000000000ull;
  }
  if (!ey) {
    for (i = uy << 12; (i >> 63) == 0; ey--) i <<= 1;
    uy <<= -ey + 1;
  } else {
    uy &= 0x000fffffffffffffull;
    uy |= 0x0010000000000000ull;
  }
  unsigned q = 0;
  int done = 0;
  if (ex < ey) {
    if (ex + 1 != ey) return x;
    done = 1;
  }
  if (!done) {
    for (; ex > ey; ex--) {
      i = ux - uy;
      if ((i >> 63) == 0) {
        ux = i;
        q++;
      }
      ux <<= 1;
      q <<= 1;
    }
    i = ux - uy;
    if ((i >> 63) == 0) {
      ux = i;
      q++;
    }
    if (ux == 0) ex = -60;
    else
      while ((ux >> 52) == 0) {
        ux <<= 1;
        ex--;
      }
  }
  if (ex > 0) {
    ux -= 0x0010000000000000ull;
    ux |= (lm_u64)ex << 52;
  } else {
    ux >>= -ex + 1;
  }
  double r = lm_from_bits(ux);
  double ay = lm_abs(y);
  if (ex == ey || (ex + 1 == ey && (2.0 * r > ay || (2.0 * r == ay && (q & 1))))) {
    r -= ay;
    q++;
  }
  q &= 0x7fffffffu;
  *quo = sx ^ sy ? -(int)q : (int)q;
  return sx ? -r : r;
}

LM_API double __cuwa_libm_remainder(double x, double y) {
  int q;
  return __cuwa_libm_remquo(x, y, &q);
}

LM_API int __cuwa_libm_remquo_quo(double x, double y) {
  int q;
  __cuwa_libm_remquo(x, y, &q);
  return q;
}

/* ---- norms -------------------------------------------------------------------------------- */

/* (h, l) += a^2, double-double */
LM void lm_add_sq(double a, double *h, double *l) {
  double p = a * a, pl = fma(a, a, -p), se;
  *h = lm_two_sum(*h, p, &se);
  *l += se + pl;
}

/* sqrt(a^2 + b^2 + c^2 + d^2), or its reciprocal, each rounded about once */
LM_API double __cuwa_libm_norm4(double a, double b, double c, double d, int recip) {
  a = lm_abs(a);
  b = lm_abs(b);
  c = lm_abs(c);
  d = lm_abs(d);
  if (a == lm_inf() || b == lm_inf() || c == lm_inf() || d == lm_inf()) return recip ? 0.0 : lm_inf();
  if (lm_isnan(a + b + c + d)) return a + b + c + d;
  double m = a > b ? a : b;
  m = m > c ? m : c;
  m = m > d ? m : d;
  if (m == 0.0) return recip ? lm_inf() : 0.0;
  int e = lm_exponent(m);
  e = e < -1000 ? -1000 : e > 1000 ? 1000 : e;
  double sc = lm_pow2(-e);  /* exact, except tiny parts that do not count */
  a *= sc;
  b *= sc;
  c *= sc;
  d *= sc;
  double h = 0.0, l = 0.0;
  lm_add_sq(a, &h, &l);
  lm_add_sq(b, &h, &l);
  lm_add_sq(c, &h, &l);
  lm_add_sq(d, &h, &l);
  double s = h + l;
  l = l - (s - h);
  h = s;
  if (recip) {
    double r = 1.0 / sqrt(h);
    double rr = r * r, rrl = fma(r, r, -rr);
    double err = fma(-h, rr, 1.0) - h * rrl - l * rr;
    return lm_scale(fma(0.5 * r, err, r), -e);
  }
  double r = sqrt(h);
  r = r + (fma(-r, r, h) + l) / (2.0 * r);
  return lm_scale(r, e);
}

LM_API double __cuwa_libm_rhypot(double x, double y) { return __cuwa_libm_norm4(x, y, 0.0, 0.0, 1); }
LM_API double __cuwa_libm_norm3d(double a, double b, double c) { return __cuwa_libm_norm4(a, b, c, 0.0, 0); }
LM_API double __cuwa_libm_rnorm3d(double a, double b, double c) { return __cuwa_libm_norm4(a, b, c, 0.0, 1); }
LM_API double __cuwa_libm_norm4d(double a, double b, double c, double d) { return __cuwa_libm_norm4(a, b, c, d, 0); }
LM_API double __cuwa_libm_rnorm4d(double a, double b, double c, double d) { return __cuwa_libm_norm4(a, b, c, d, 1); }

/* norm of n values: scaled by the largest one's exponent, summed in double-double */
LM_API double __cuwa_libm_norm_n(int n, const double *v, int recip) {
  double m = 0.0;
  int nan = 0;
  for (int k = 0; k < n; k++) {
    double a = lm_abs(v[k]);
    if (a == lm_inf()) return recip ? 0.0 : lm_inf();
    if (lm_isnan(a)) nan = 1;
    m = a > m ? a : m;
  }
  if (nan) return lm_nan();
  if (m == 0.0) return recip ? lm_inf() : 0.0;
  int e = lm_exponent(m);
  e = e < -1000 ? -1000 : e > 1000 ? 1000 : e;
  double sc = lm_pow2(-e), h = 0.0, l = 0.0;
  for (int k = 0; k < n; k++) {
    lm_add_sq(v[k] * sc, &h, &l);
  }
  double s = h + l;
  l = l - (s - h);
  h = s;
  if (recip) {
    double r = 1.0 / sqrt(h);
    double rr = r * r, rrl = fma(r, r, -rr);
    double err = fma(-h, rr, 1.0) - h * rrl - l * rr;
    return lm_scale(fma(0.5 * r, err, r), -e);
  }
  double r = sqrt(h);
  r = r + (fma(-r, r, h) + l) / (2.0 * r);
  return lm_scale(r, e);
}

LM_API double __cuwa_libm_norm(int n, const double *v) { return __cuwa_libm_norm_n(n, v, 0); }
LM_API double __cuwa_libm_rnorm(int n, const double *v) { return __cuwa_libm_norm_n(n, v, 1); }

/* float norms: the squares of floats are exact in double */
LM double lm_sumsq_f(int n, const float *v, int *special) {
  double s = 0.0;
  *special = 0;
  for (int k = 0; k < n; k++) {
    double a = v[k];
    if (lm_abs(a) == lm_inf()) *special = 2;
    else if (lm_isnan(a) && *special == 0) *special = 1;
    s = fma(a, a, s);
  }
  return s;
}

LM_API float __cuwa_libm_normf(int n, const float *v) {
  int sp;
  double s = lm_sumsq_f(n, v, &sp);
  if (sp == 2) return (float)lm_inf();
  return (float)sqrt(s);
}

LM_API float __cuwa_libm_rnormf(int n, const float *v) {
  int sp;
  double s = lm_sumsq_f(n, v, &sp);
  if (sp == 2) return 0.0f;
  return (float)(1.0 / sqrt(s));
}

/* ---- float versions: the double function, rounded once ------------------------------------ */

LM_API float __cuwa_libm_expf(float x) { return (float)__cuwa_libm_exp(x); }
LM_API float __cuwa_libm_exp10f(float x) { return (float)__cuwa_libm_exp10(x); }
LM_API float __cuwa_libm_expm1f(float x) { return (float)__cuwa_libm_expm1(x); }
LM_API float __cuwa_libm_logf(float x) { return (float)__cuwa_libm_log(x); }
LM_API float __cuwa_libm_log2f(float x) { return (float)__cuwa_libm_log2(x); }
LM_API float __cuwa_libm_log10f(float x) { return (float)__cuwa_libm_log10(x); }
LM_API float __cuwa_libm_log1pf(float x) { return (float)__cuwa_libm_log1p(x); }
LM_API float __cuwa_libm_powf(float x, float y) { return (float)__cuwa_libm_pow(x, y); }
LM_API float __cuwa_libm_sinf(float x) { return (float)__cuwa_libm_sin(x); }
LM_API float __cuwa_libm_cosf(float x) { return (float)__cuwa_libm_cos(x); }
LM_API float __cuwa_libm_tanf(float x) { return (float)__cuwa_libm_tan(x); }
LM_API float __cuwa_libm_asinf(float x) { return (float)__cuwa_libm_asin(x); }
LM_API float __cuwa_libm_acosf(float x) { return (float)__cuwa_libm_acos(x); }
LM_API float __cuwa_libm_atanf(float x) { return (float)__cuwa_libm_atan(x); }
LM_API float __cuwa_libm_atan2f(float y, float x) { return (float)__cuwa_libm_atan2(y, x); }
LM_API float __cuwa_libm_sinhf(float x) { return (float)__cuwa_libm_sinh(x); }
LM_API float __cuwa_libm_coshf(float x) { return (float)__cuwa_libm_cosh(x); }
LM_API float __cuwa_libm_tanhf(float x) { return (float)__cuwa_libm_tanh(x); }
LM_API float __cuwa_libm_erff(float x) { return (float)__cuwa_libm_erf(x); }
LM_API float __cuwa_libm_erfcf(float x) { return (float)__cuwa_libm_erfc(x); }
LM_API float __cuwa_libm_cbrtf(float x) { return (float)__cuwa_libm_cbrt(x); }
LM_API float __cuwa_libm_hypotf(float x, float y) {
  if (lm_abs(x) == lm_inf() || lm_abs(y) == lm_inf()) return (float)lm_inf();
  return (float)sqrt((double)x * x + (double)y * y);
}
LM_API float __cuwa_libm_fmodf(float x, float y) { return (float)__cuwa_libm_fmod(x, y); }

LM_API float __cuwa_libm_acoshf(float x) { return (float)__cuwa_libm_acosh(x); }
LM_API float __cuwa_libm_asinhf(float x) { return (float)__cuwa_libm_asinh(x); }
LM_API float __cuwa_libm_atanhf(float x) { return (float)__cuwa_libm_atanh(x); }
LM_API float __cuwa_libm_sinpif(float x) { return (float)__cuwa_libm_sinpi(x); }
LM_API float __cuwa_libm_cospif(float x) { return (float)__cuwa_libm_cospi(x); }
LM_API float __cuwa_libm_rcbrtf(float x) { return (float)__cuwa_libm_rcbrt(x); }
LM_API float __cuwa_libm_erfcxf(float x) { return (float)__cuwa_libm_erfcx(x); }
LM_API float __cuwa_libm_normcdff(float x) { return (float)__cuwa_libm_normcdf(x); }
LM_API float __cuwa_libm_erfinvf(float x) { return (float)__cuwa_libm_erfinv(x); }
LM_API float __cuwa_libm_erfcinvf(float x) { return (float)__cuwa_libm_erfcinv(x); }
LM_API float __cuwa_libm_normcdfinvf(float x) { return (float)__cuwa_libm_normcdfinv(x); }
LM_API float __cuwa_libm_lgammaf(float x) { return (float)__cuwa_libm_lgamma(x); }
LM_API float __cuwa_libm_tgammaf(float x) { return (float)__cuwa_libm_tgamma(x); }
LM_API float __cuwa_libm_cyl_bessel_i0f(float x) { return (float)__cuwa_libm_cyl_bessel_i0(x); }
LM_API float __cuwa_libm_cyl_bessel_i1f(float x) { return (float)__cuwa_libm_cyl_bessel_i1(x); }
LM_API float __cuwa_libm_logbf(float x) { return (float)__cuwa_libm_logb(x); }
LM_API int __cuwa_libm_ilogbf(float x) { return __cuwa_libm_ilogb(x); }
LM_API float __cuwa_libm_ldexpf(float x, int n) { return (float)__cuwa_libm_ldexp(x, n); }
LM_API float __cuwa_libm_scalblnf(float x, long long n) { return (float)__cuwa_libm_scalbln(x, n); }
LM_API float __cuwa_libm_remainderf(float x, float y) { return (float)__cuwa_libm_remainder(x, y); }
LM_API int __cuwa_libm_remquof_quo(float x, float y) { return __cuwa_libm_remquo_quo(x, y); }
LM_API float __cuwa_libm_rhypotf(float x, float y) {
  if (lm_abs(x) == lm_inf() || lm_abs(y) == lm_inf()) return 0.0f;
  return (float)(1.0 / sqrt((double)x * x + (double)y * y));
}
LM_API float __cuwa_libm_norm3df(float a, float b, float c) { return (float)__cuwa_libm_norm3d(a, b, c); }
LM_API float __cuwa_libm_rnorm3df(float a, float b, float c) { return (float)__cuwa_libm_rnorm3d(a, b, c); }
LM_API float __cuwa_libm_norm4df(float a, float b, float c, float d) { return (float)__cuwa_libm_norm4d(a, b, c, d); }
LM_API float __cuwa_libm_rnorm4df(float a, float b, float c, float d) { return (float)__cuwa_libm_rnorm4d(a, b, c, d); }

/* every function once, so that each becomes a .func (the generator keeps
 * the .func bodies and drops this kernel) */
__global__ void __cuwa_libm_all(double *d, float *f) {
  d[0] = __cuwa_libm_exp(d[1]) + __cuwa_libm_exp2(d[1]) + __cuwa_libm_exp10(d[1]) + __cuwa_libm_expm1(d[1]);
  d[0] += __cuwa_libm_log(d[1]) + __cuwa_libm_log2(d[1]) + __cuwa_libm_log10(d[1]) + __cuwa_libm_log1p(d[1]);
  d[0] += __cuwa_libm_pow(d[1], d[2]) + __cuwa_libm_sin(d[1]) + __cuwa_libm_cos(d[1]) + __cuwa_libm_tan(d[1]);
  d[0] += __cuwa_libm_atan(d[1]) + __cuwa_libm_atan2(d[1], d[2]) + __cuwa_libm_asin(d[1]) + __cuwa_libm_acos(d[1]);
  d[0] += __cuwa_libm_sinh(d[1]) + __cuwa_libm_cosh(d[1]) + __cuwa_libm_tanh(d[1]) + __cuwa_libm_erf(d[1]);
  d[0] += __cuwa_libm_cbrt(d[1]) + __cuwa_libm_hypot(d[1], d[2]) + __cuwa_libm_fmod(d[1], d[2]) + __cuwa_libm_rsqrt(d[1]);
  f[0] = __cuwa_libm_expf(f[1]) + __cuwa_libm_exp10f(f[1]) + __cuwa_libm_expm1f(f[1]) + __cuwa_libm_logf(f[1]);
  f[0] += __cuwa_libm_log2f(f[1]) + __cuwa_libm_log10f(f[1]) + __cuwa_libm_log1pf(f[1]) + __cuwa_libm_powf(f[1], f[2]);
  f[0] += __cuwa_libm_sinf(f[1]) + __cuwa_libm_cosf(f[1]) + __cuwa_libm_tanf(f[1]) + __cuwa_libm_asinf(f[1]);
  f[0] += __cuwa_libm_acosf(f[1]) + __cuwa_libm_atanf(f[1]) + __cuwa_libm_atan2f(f[1], f[2]) + __cuwa_libm_sinhf(f[1]);
  f[0] += __cuwa_libm_coshf(f[1]) + __cuwa_libm_tanhf(f[1]) + __cuwa_libm_erff(f[1]) + __cuwa_libm_erfcf(f[1]);
  f[0] += __cuwa_libm_cbrtf(f[1]) + __cuwa_libm_hypotf(f[1], f[2]) + __cuwa_libm_fmodf(f[1], f[2]);
  d[0] += __cuwa_libm_acosh(d[1]);
  d[0] += __cuwa_libm_asinh(d[1]);
  d[0] += __cuwa_libm_atanh(d[1]);
  d[0] += __cuwa_libm_sinpi(d[1]);
  d[0] += __cuwa_libm_cospi(d[1]);
  d[0] += __cuwa_libm_rcbrt(d[1]);
  d[0] += __cuwa_libm_erfcx(d[1]);
  d[0] += __cuwa_libm_normcdf(d[1]);
  d[0] += __cuwa_libm_erfinv(d[1]);
  d[0] += __cuwa_libm_erfcinv(d[1]);
  d[0] += __cuwa_libm_normcdfinv(d[1]);
  d[0] += __cuwa_libm_lgamma(d[1]);
  d[0] += __cuwa_libm_tgamma(d[1]);
  d[0] += __cuwa_libm_cyl_bessel_i0(d[1]);
  d[0] += __cuwa_libm_cyl_bessel_i1(d[1]);
  d[0] += __cuwa_libm_logb(d[1]);
  d[0] += __cuwa_libm_erfc(d[1]);
  d[0] += __cuwa_libm_ilogb(d[1]);
  d[0] += __cuwa_libm_ldexp(d[1], (int)d[2]);
  d[0] += __cuwa_libm_scalbln(d[1], (long long)d[2]);
  d[0] += __cuwa_libm_nextafter(d[1], d[2]);
  d[0] += __cuwa_libm_fdim(d[1], d[2]);
  d[0] += __cuwa_libm_remainder(d[1], d[2]);
  d[0] += __cuwa_libm_remquo_quo(d[1], d[2]);
  d[0] += __cuwa_libm_rhypot(d[1], d[2]);
  d[0] += __cuwa_libm_norm3d(d[1], d[2], d[3]);
  d[0] += __cuwa_libm_rnorm3d(d[1], d[2], d[3]);
  d[0] += __cuwa_libm_norm4d(d[1], d[2], d[3], d[4]);
  d[0] += __cuwa_libm_rnorm4d(d[1], d[2], d[3], d[4]);
  d[0] += __cuwa_libm_norm(3, d + 1);
  d[0] += __cuwa_libm_rnorm(3, d + 1);
  f[0] += __cuwa_libm_acoshf(f[1]);
  f[0] += __cuwa_libm_asinhf(f[1]);
  f[0] += __cuwa_libm_atanhf(f[1]);
  f[0] += __cuwa_libm_sinpif(f[1]);
  f[0] += __cuwa_libm_cospif(f[1]);
  f[0] += __cuwa_libm_rcbrtf(f[1]);
  f[0] += __cuwa_libm_erfcxf(f[1]);
  f[0] += __cuwa_libm_normcdff(f[1]);
  f[0] += __cuwa_libm_erfinvf(f[1]);
  f[0] += __cuwa_libm_erfcinvf(f[1]);
  f[0] += __cuwa_libm_normcdfinvf(f[1]);
  f[0] += __cuwa_libm_lgammaf(f[1]);
  f[0] += __cuwa_libm_tgammaf(f[1]);
  f[0] += __cuwa_libm_cyl_bessel_i0f(f[1]);
  f[0] += __cuwa_libm_cyl_bessel_i1f(f[1]);
  f[0] += __cuwa_libm_logbf(f[1]);
  f[0] += __cuwa_libm_ilogbf(f[1]);
  f[0] += __cuwa_libm_ldexpf(f[1], (int)f[2]);
  f[0] += __cuwa_libm_scalblnf(f[1], (long long)f[2]);
  f[0] += __cuwa_libm_nextafterf(f[1], f[2]);
  f[0] += __cuwa_libm_fdimf(f[1], f[2]);
  f[0] += __cuwa_libm_remainderf(f[1], f[2]);
  f[0] += __cuwa_libm_remquof_quo(f[1], f[2]);
  f[0] += __cuwa_libm_rhypotf(f[1], f[2]);
  f[0] += __cuwa_libm_norm3df(f[1], f[2], f[3]);
  f[0] += __cuwa_libm_rnorm3df(f[1], f[2], f[3]);
  f[0] += __cuwa_libm_norm4df(f[1], f[2], f[3], f[4]);
  f[0] += __cuwa_libm_rnorm4df(f[1], f[2], f[3], f[4]);
  f[0] += __cuwa_libm_normf(3, f + 1);
  f[0] += __cuwa_libm_rnormf(3, f + 1);
  d[0] += __cuwa_libm_j0(d[1]);
  d[0] += __cuwa_libm_j1(d[1]);
  d[0] += __cuwa_libm_y0(d[1]);
  d[0] += __cuwa_libm_y1(d[1]);
  d[0] += __cuwa_libm_jn(3, d[1]) + __cuwa_libm_yn(3, d[1]);
  f[0] += __cuwa_libm_j0f(f[1]);
  f[0] += __cuwa_libm_j1f(f[1]);
  f[0] += __cuwa_libm_y0f(f[1]);
  f[0] += __cuwa_libm_y1f(f[1]);
  f[0] += __cuwa_libm_jnf(3, f[1]) + __cuwa_libm_ynf(3, f[1]);
}
