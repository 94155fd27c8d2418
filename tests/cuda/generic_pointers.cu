// generic_pointers: one pointer that points into global, shared or local
// memory depending on the thread (CUDA's generic addressing): loads,
// stores, byte stores and atomics (global or shared) through it, and a
// device function that takes such a pointer.
#include "check.h"

#define T 64

__device__ int bump(int *p, int v, bool atomic) {
  *p += v;
  return atomic ? atomicAdd(p, 1) : (*p)++;  // atomics need global or shared memory
}

__global__ void mixed(int *g, unsigned char *gb) {
  __shared__ int s[T];
  __shared__ unsigned char sb[T];
  int local[4] = {0, 0, 0, 0};
  int t = threadIdx.x;
  s[t] = 100 + t;
  sb[t] = 0;
  __syncthreads();
  int *p = t % 3 == 0 ? &g[t] : t % 3 == 1 ? &s[t] : &local[t & 3];
  unsigned char *b = t % 2 ? &gb[t] : &sb[t];
  int before = *p;
  bump(p, 10, t % 3 != 2);
  *b = (unsigned char)(t + 1);
  __syncthreads();
  g[T + t] = before * 1000 + *p;       // the value seen through p, after
  g[2 * T + t] = sb[t] + gb[t];        // the byte went to one of the two
}

int main() {
  int h[3 * T];
  unsigned char hb[T];
  for (int i = 0; i < T; i++) h[i] = 7 * i, hb[i] = 0;
  int *d;
  unsigned char *db;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&db, sizeof hb));
  CHECK_CUDA(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice));
  mixed<<<1, T>>>(d, db);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < T; t++) {
    int before = t % 3 == 0 ? 7 * t : t % 3 == 1 ? 100 + t : 0;
    CHECK(before * 1000 + before + 11, h[T + t]);
    CHECK(t + 1, h[2 * T + t]);
  }
  return check_done("generic_pointers");
}
