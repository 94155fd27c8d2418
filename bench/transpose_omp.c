/* transpose_omp.c: the OpenMP baseline of transpose.cu, blocked in 32 x 32. */
void omp_transpose(int w, int h, const float *in, float *out) {
#pragma omp parallel for collapse(2) schedule(static)
  for (int y0 = 0; y0 < h; y0 += 32)
    for (int x0 = 0; x0 < w; x0 += 32)
      for (int x = x0; x < x0 + 32; x++)
#pragma omp simd
        for (int y = y0; y < y0 + 32; y++) out[(long)x * h + y] = in[(long)y * w + x];
}
