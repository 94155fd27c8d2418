#!/usr/bin/env python3
# libm_fit.py: fits the polynomial tables of libm.cu (erfcx, I0, I1, lgamma
# near its roots) with mpmath; prints the C tables to paste between the
# "fitted polynomials" markers of libm.cu. Not run by the build (slow: ~1.5 min).
import mpmath as mp
mp.mp.dps = 50
def fit(f, a, b, mid, maxdeg=34, tol=7e-17):
    # polynomial in t = x - mid on [a, b]; returns coeffs low->high
    best = None
    for n in range(6, maxdeg):
        p, err = mp.chebyfit(lambda t: f(t + mid), [a - mid, b - mid], n, error=True)
        # relative error on samples
        worst = 0
        for i in range(201):
            t = (a - mid) + (b - a) * mp.mpf(i) / 200
            v = f(t + mid)
            pv = mp.polyval([mp.mpf(float(c)) for c in p], t)
            if v != 0: worst = max(worst, abs((pv - v) / v))
        if worst < tol:
            return [float(c) for c in reversed(p)], n, worst
        if n == 6 or worst < best[2]: best = ([float(c) for c in reversed(p)], n, worst)
    return best
def emit(name, pieces):
    out = []
    for (a, b, mid, cs) in pieces:
        out.append("  /* [%g, %g] about %g */ %s," % (a, b, mid, ", ".join(repr(c) for c in cs)))
    return out
import sys
res = {}
# erfcx on [0.5, 12]
erfcx = lambda x: mp.exp(x*x) * mp.erfc(x)
edges = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12]
pieces = []
for a, b in zip(edges, edges[1:]):
    mid = (a + b) / 2
    cs, n, w = fit(erfcx, mp.mpf(a), mp.mpf(b), mp.mpf(mid))
    pieces.append((a, b, mid, cs)); print("erfcx", a, b, n, w, file=sys.stderr)
res['erfcx'] = pieces
# x erfcx(x) in u = 1/x on [0, 1/12]
g = lambda u: (1/u) * erfcx(1/u) if u != 0 else 1/mp.sqrt(mp.pi)
cs, n, w = fit(g, mp.mpf(0), mp.mpf(1)/12, mp.mpf(0)); print("erfcx-asym", n, w, file=sys.stderr)
res['erfcx_asym'] = [(0, 1/12, 0, cs)]
# I0, I1 scaled
for nu in (0, 1):
    f = (lambda x: mp.exp(-x) * mp.besseli(0, x)) if nu == 0 else (lambda x: mp.exp(-x) * mp.besseli(1, x) / x if x != 0 else mp.mpf(0.5))
    pieces = []
    for a, b in zip([0, 2, 4, 6], [2, 4, 6, 8]):
        cs, n, w = fit(f, mp.mpf(a), mp.mpf(b), mp.mpf(a + b) / 2); print("i", nu, a, b, n, w, file=sys.stderr)
        pieces.append((a, b, (a + b) / 2, cs))
    gu = lambda u, nu=nu: mp.sqrt(1/u) * mp.exp(-1/u) * mp.besseli(nu, 1/u) if u != 0 else 1/mp.sqrt(2*mp.pi)
    for a, b in ((0, 1/32), (1/32, 1/16), (1/16, 1/8)):
        cs, n, w = fit(gu, mp.mpf(a), mp.mpf(b), (mp.mpf(a) + mp.mpf(b)) / 2); print("iu", nu, a, b, n, w, file=sys.stderr)
        pieces.append((a, b, (a + b) / 2, cs))
    res['i%d' % nu] = pieces
# lgamma(x) / ((x-1)(x-2)) on [0.5, 3.5]
def lg(x):
    if abs(x - 1) < mp.mpf(10)**-30 or abs(x - 2) < mp.mpf(10)**-30:
        return mp.diff(mp.loggamma, x) / ((x - 2) if abs(x-1) < 1e-20 else (x - 1))
    return mp.loggamma(x) / ((x - 1) * (x - 2))
pieces = []
for a in [0.5, 1, 1.5, 2, 2.5, 3]:
    cs, n, w = fit(lg, mp.mpf(a), mp.mpf(a) + mp.mpf(0.5), mp.mpf(a) + mp.mpf(0.25)); print("lg", a, n, w, file=sys.stderr)
    pieces.append((a, a + 0.5, a + 0.25, cs))
res['lgamma'] = pieces

out = ["/* ---- fitted polynomials (src/back/ptx/libm_fit.py, mpmath): piece k of a",
       " * family is sum c[o[k] + j] (x - m[k])^j, j < o[k+1] - o[k] ---------------- */", ""]
for name, pieces in res.items():
    cs, offs, mids = [], [0], []
    for (a, b, mid, c) in pieces:
        cs += c; offs.append(len(cs)); mids.append(mid)
    out.append("__constant__ double __cuwa_libm_%s_c[%d] = {" % (name, len(cs)))
    for (a, b, mid, c) in pieces:
        line = "  /* [%.6g, %.6g] */" % (a, b)
        items = [repr(x) for x in c]
        chunk = []
        for it in items:
            chunk.append(it)
        out.append(line)
        for i in range(0, len(items), 4):
            out.append("  " + ", ".join(items[i:i+4]) + ",")
    out[-1] = out[-1].rstrip(",")
    out.append("};")
    out.append("__constant__ int __cuwa_libm_%s_o[%d] = {%s};" % (name, len(offs), ", ".join(map(str, offs))))
    out.append("__constant__ double __cuwa_libm_%s_m[%d] = {%s};" % (name, len(mids), ", ".join(repr(float(m)) for m in mids)))
    out.append("")
print("\n".join(out))
