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

LM_API double __cuwa_libm_exp2(double x) {
  if (lm_abs(x) > 2000.0 || lm_isnan(x)) return lm_exp_dd(x, 0.0) * 0.0 + (x > 0 ? lm_inf() : lm_isnan(x) ? x : 0.0);
  double h = x * LM_LN2_HI;
  double l = fma(x, LM_LN2_HI, -h) + x * LM_LN2_LO;
  return lm_exp_dd(h, l);
}

LM_API double __cuwa_libm_exp10(double x) {
  if (lm_abs(x) > 400.0 || lm_isnan(x)) return lm_isnan(x) ? x + x : x > 0 ? lm_inf() : 0.0;
  double h = x * 2.302585092994046;
  double l = fma(x, 2.302585092994046, -h) + x * -2.1707562233822494e-16;
  return lm_exp_dd(h, l);
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

LM_API double __cuwa_libm_log(double x) {
  double r, lo;
  if (lm_log_special(x, &r)) return r;
  return lm_log_dd(x, &lo);
}

LM_API double __cuwa_libm_log2(double x) {
  double r, lo;
  if (lm_log_special(x, &r)) return r;
  double h = lm_log_dd(x, &lo);
  double p = h * 1.4426950408889634;
  double pl = fma(h, 1.4426950408889634, -p) + h * 2.0355273740931033e-17 + lo * 1.4426950408889634;
  return p + pl;
}

LM_API double __cuwa_libm_log10(double x) {
  double r, lo;
  if (lm_log_special(x, &r)) return r;
  double h = lm_log_dd(x, &lo);
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
  double h = lm_log_dd(u, &lo);
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
  double l = lm_log_dd(ax, &lo);
  double t = y * l;
  double tl = fma(y, l, -t) + y * lo;
  double r = lm_exp_dd(t, tl);
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
LM int lm_rem_pio2_big(double x, double *hi, double *lo) {
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
  if (ax >= 1.0e6) return lm_rem_pio2_big(x, hi, lo);
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

LM_API double __cuwa_libm_sin(double x) {
  if (lm_abs(x) == lm_inf() || lm_isnan(x)) return x - x;
  double h, l;
  int q = lm_rem_pio2(x, &h, &l);
  double s = q & 1 ? lm_cos_kernel(h, l) : lm_sin_kernel(h, l);
  return q & 2 ? -s : s;
}

LM_API double __cuwa_libm_cos(double x) {
  if (lm_abs(x) == lm_inf() || lm_isnan(x)) return x - x;
  double h, l;
  int q = lm_rem_pio2(x, &h, &l);
  double c = q & 1 ? lm_sin_kernel(h, l) : lm_cos_kernel(h, l);
  return (q + 1) & 2 ? -c : c;
}

LM_API double __cuwa_libm_tan(double x) {
  if (lm_abs(x) == lm_inf() || lm_isnan(x)) return x - x;
  double h, l;
  int q = lm_rem_pio2(x, &h, &l);
  double s = lm_sin_kernel(h, l), c = lm_cos_kernel(h, l);
  if (q & 1) return -c / s;
  return s / c;
}

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
  else {
    double e = __cuwa_libm_expm1(2.0 * ax);
    r = e / (e + 2.0);
  }
  return x < 0 ? -r : r;
}

/* ---- erf -------------------------------------------------------------------------------- */

/* e^(-x^2) with x^2 in double-double */
LM double lm_exp_msq(double x) {
  double h = x * x;
  double l = fma(x, x, -h);
  return lm_exp_dd(-h, -l);
}

/* erf(x), 0 <= x < 2: 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1)) */
LM double lm_erf_series(double x) {
  double z = 2.0 * x * x, term = x, sum = x;
  for (int n = 1; n < 200; n++) {
    term *= z / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-18) break;
  }
  return 1.1283791670955126 * sum * lm_exp_msq(x);
}

/* erfc(x), x >= 2: continued fraction (Lentz) */
LM double lm_erfc_cf(double x) {
  /* erfc x = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))) */
  double f = x, C = x, D = 0.0;
  for (int n = 1; n < 300; n++) {
    double a = 0.5 * n;
    D = x + a * D;
    D = 1.0 / D;
    C = x + a / C;
    double delta = C * D;
    f *= delta;
    if (lm_abs(delta - 1.0) < 1e-17) break;
  }
  return 0.5641895835477563 * lm_exp_msq(x) / f;
}

LM_API double __cuwa_libm_erf(double x) {
  if (lm_isnan(x)) return x + x;
  double ax = lm_abs(x), r;
  if (ax < 1e-300) return x * 1.1283791670955126;
  if (ax < 2.0) r = lm_erf_series(ax);
  else if (ax < 6.0) r = 1.0 - lm_erfc_cf(ax);
  else r = 1.0;
  return x < 0 ? -r : r;
}

/* erfc through erf below 2: for the float version only (double erfc
 * needs a better method for 0.5 < x < 2). */
LM double lm_erfc(double x) {
  if (lm_isnan(x)) return x + x;
  if (x < 2.0) return 1.0 - __cuwa_libm_erf(x);
  if (x > 27.3) return 0.0;
  return lm_erfc_cf(x);
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
LM_API float __cuwa_libm_erfcf(float x) { return (float)lm_erfc(x); }
LM_API float __cuwa_libm_cbrtf(float x) { return (float)__cuwa_libm_cbrt(x); }
LM_API float __cuwa_libm_hypotf(float x, float y) {
  if (lm_abs(x) == lm_inf() || lm_abs(y) == lm_inf()) return (float)lm_inf();
  return (float)sqrt((double)x * x + (double)y * y);
}
LM_API float __cuwa_libm_fmodf(float x, float y) { return (float)__cuwa_libm_fmod(x, y); }

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
}
