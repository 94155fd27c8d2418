/* nbody_omp.c: the OpenMP baseline of nbody.cu (same float4 layout). */
#include <math.h>

void omp_nbody(int n, const float *pos, float *vel, float *out, float dt) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++) {
    float px = pos[4 * i], py = pos[4 * i + 1], pz = pos[4 * i + 2];
    float ax = 0.0f, ay = 0.0f, az = 0.0f;
#pragma omp simd reduction(+ : ax, ay, az)
    for (int j = 0; j < n; j++) {
      float dx = pos[4 * j] - px, dy = pos[4 * j + 1] - py, dz = pos[4 * j + 2] - pz;
      float d2 = dx * dx + dy * dy + dz * dz + 0.01f;
      float inv = 1.0f / sqrtf(d2);
      float s = pos[4 * j + 3] * inv * inv * inv;
      ax += dx * s;
      ay += dy * s;
      az += dz * s;
    }
    float *v = vel + 4 * i;
    v[0] += ax * dt;
    v[1] += ay * dt;
    v[2] += az * dt;
    out[4 * i] = px + v[0] * dt;
    out[4 * i + 1] = py + v[1] * dt;
    out[4 * i + 2] = pz + v[2] * dt;
    out[4 * i + 3] = pos[4 * i + 3];
  }
}
