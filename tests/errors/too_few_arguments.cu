__device__ float lerp(float a, float b, float t) { return a + t * (b - a); }

__global__ void k(float *o) {
  o[0] = lerp(1.0f, 2.0f);
}
