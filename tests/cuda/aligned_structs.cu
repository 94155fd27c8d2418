// aligned_structs: __align__(4/8/16) structs of odd sizes and anonymous
// typedef'd structs (as cuda-samples alignedTypes has them) have the same
// sizeof/alignof on host and device, and a template kernel instantiated for
// each of them copies exactly its own element size (two anonymous structs
// once shared one instance, and the larger one overran the buffer).
#include "check.h"
#include <string.h>

typedef struct { unsigned char r, g, b, a; } RGBA8_mis;
typedef struct { unsigned int r, g, b; } RGB32_mis;
typedef struct __align__(4) { unsigned char r, g, b, a; } RGBA8;
typedef struct __align__(8) { unsigned int l, a; } LA32;
typedef struct __align__(16) { unsigned int r, g, b; } RGB32;
typedef struct __align__(16) { unsigned int r, g, b, a; } RGBA32;
typedef struct __align__(16) { RGBA32 c1, c2; } RGBA32_2;
struct __align__(8) Odd { unsigned char c[3]; };

#define NTYPES 8
#define M 4096
#define PAD 128

template <class T> __global__ void copy(T *o, const T *i, int n) {
  for (int p = blockDim.x * blockIdx.x + threadIdx.x; p < n; p += blockDim.x * gridDim.x) o[p] = i[p];
}

template <class T> __device__ void put_layout(int *o) {
  o[0] = (int)sizeof(T);
  o[1] = (int)alignof(T);
}

__global__ void layouts(int *o) {
  put_layout<RGBA8_mis>(o + 0);
  put_layout<RGB32_mis>(o + 2);
  put_layout<RGBA8>(o + 4);
  put_layout<LA32>(o + 6);
  put_layout<RGB32>(o + 8);
  put_layout<RGBA32>(o + 10);
  put_layout<RGBA32_2>(o + 12);
  put_layout<Odd>(o + 14);
}

static unsigned char *d_in, *d_out, h_in[M + PAD], h_out[M + PAD];

/* packed: the bytes of the members; padding is not copied by every
 * device (a member-wise copy is as valid as a byte copy) */
template <class T> static void run_copy(const char *name, int packed) {
  int n = M / (int)sizeof(T), bytes = n * (int)sizeof(T);
  CHECK_CUDA(cudaMemset(d_out, 0xee, M + PAD));
  copy<T><<<3, 64>>>((T *)d_out, (const T *)d_in, n);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h_out, d_out, M + PAD, cudaMemcpyDeviceToHost));
  int first_bad = -1;
  for (int k = 0; k < M + PAD && first_bad < 0; k++)
    if (k >= bytes ? h_out[k] != 0xee : k % (int)sizeof(T) < packed && h_out[k] != h_in[k]) first_bad = k;
  if (first_bad >= 0) printf("%s: byte %d differs (element size %d)\n", name, first_bad, (int)sizeof(T));
  CHECK(-1, first_bad);
}

int main() {
  int h[2 * NTYPES], *d;
  const int want[2 * NTYPES] = {4, 1, 12, 4, 4, 4, 8, 8, 16, 16, 16, 16, 32, 16, 8, 8};
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  layouts<<<1, 1>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  const int host[2 * NTYPES] = {
      (int)sizeof(RGBA8_mis), (int)alignof(RGBA8_mis), (int)sizeof(RGB32_mis), (int)alignof(RGB32_mis),
      (int)sizeof(RGBA8),     (int)alignof(RGBA8),     (int)sizeof(LA32),      (int)alignof(LA32),
      (int)sizeof(RGB32),     (int)alignof(RGB32),     (int)sizeof(RGBA32),    (int)alignof(RGBA32),
      (int)sizeof(RGBA32_2),  (int)alignof(RGBA32_2),  (int)sizeof(Odd),       (int)alignof(Odd)};
  for (int i = 0; i < 2 * NTYPES; i++) {
    CHECK(want[i], host[i]);
    CHECK(want[i], h[i]);
  }

  for (int k = 0; k < M + PAD; k++) h_in[k] = (unsigned char)(k * 7 + 1);
  CHECK_CUDA(cudaMalloc(&d_in, M + PAD));
  CHECK_CUDA(cudaMalloc(&d_out, M + PAD));
  CHECK_CUDA(cudaMemcpy(d_in, h_in, M + PAD, cudaMemcpyHostToDevice));
  run_copy<unsigned char>("uint8", 1);
  run_copy<unsigned short>("uint16", 2);
  run_copy<RGBA8_mis>("RGBA8_misaligned", 4);
  run_copy<RGB32_mis>("RGB32_misaligned", 12);
  run_copy<RGBA8>("RGBA8", 4);
  run_copy<LA32>("LA32", 8);
  run_copy<RGB32>("RGB32", 12);
  run_copy<RGBA32>("RGBA32", 16);
  run_copy<RGBA32_2>("RGBA32_2", 32);
  run_copy<Odd>("Odd", 3);
  CHECK_CUDA(cudaFree(d));
  CHECK_CUDA(cudaFree(d_in));
  CHECK_CUDA(cudaFree(d_out));
  return check_done("aligned_structs");
}
