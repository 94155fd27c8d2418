/* scan_omp.c: the OpenMP baseline of scan.cu: each thread scans its
 * chunk, the chunk totals are scanned, each thread adds its offset. */
#include <omp.h>

void omp_scan(int n, const int *in, int *out) {
  int totals[256] = {0};
#pragma omp parallel
  {
    int t = omp_get_thread_num(), nt = omp_get_num_threads();
    int lo = (int)((long)n * t / nt), hi = (int)((long)n * (t + 1) / nt);
    int s = 0;
    for (int i = lo; i < hi; i++) out[i] = s += in[i];
    totals[t + 1] = s;
#pragma omp barrier
    int off = 0;
    for (int k = 1; k <= t; k++) off += totals[k];
#pragma omp simd
    for (int i = lo; i < hi; i++) out[i] += off;
  }
}
