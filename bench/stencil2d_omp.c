/* stencil2d_omp.c: the OpenMP baseline of stencil2d.cu. */
void omp_stencil2d(int w, int h, const float *in, float *out) {
#pragma omp parallel for schedule(static)
  for (int y = 0; y < h; y++) {
    const float *r = in + (long)y * w;
    float *o = out + (long)y * w;
    if (y == 0 || y == h - 1) {
      for (int x = 0; x < w; x++) o[x] = r[x];
      continue;
    }
    o[0] = r[0];
#pragma omp simd
    for (int x = 1; x < w - 1; x++) o[x] = 0.2f * (r[x] + r[x - 1] + r[x + 1] + r[x - w] + r[x + w]);
    o[w - 1] = r[w - 1];
  }
}
