/* histogram_omp.c: the OpenMP baseline of histogram.cu: a private
 * histogram per thread, merged at the end. */
#include <string.h>

void omp_histogram(int n, const unsigned char *data, unsigned *bins) {
  memset(bins, 0, 256 * sizeof(unsigned));
#pragma omp parallel
  {
    unsigned local[256] = {0};
#pragma omp for schedule(static)
    for (int i = 0; i < n; i++) local[data[i]]++;
    for (int b = 0; b < 256; b++) {
#pragma omp atomic
      bins[b] += local[b];
    }
  }
}
