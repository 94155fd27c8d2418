// Vector types: every type has the same size and alignment in device code
// as in host code (one table serves both), make_<type> fills the fields in
// order, and structs of vector types cross the kernel boundary intact.
// skip: webgpu: double precision (WGSL has no f64; docs/webgpu.md)
#include "check.h"

#define EACH_TYPE(X)                                                          \
  X(char1) X(char2) X(char3) X(char4) X(uchar1) X(uchar2) X(uchar3)           \
  X(uchar4) X(short1) X(short2) X(short3) X(short4) X(ushort1) X(ushort2)     \
  X(ushort3) X(ushort4) X(int1) X(int2) X(int3) X(int4) X(uint1) X(uint2)     \
  X(uint3) X(uint4) X(long1) X(long2) X(long3) X(long4) X(ulong1) X(ulong2)   \
  X(ulong3) X(ulong4) X(longlong1) X(longlong2) X(longlong3) X(longlong4)     \
  X(ulonglong1) X(ulonglong2) X(ulonglong3) X(ulonglong4) X(float1)           \
  X(float2) X(float3) X(float4) X(double1) X(double2) X(double3) X(double4)   \
  X(double4_32a)

#define COUNT(t) +1
enum { NTYPES = 0 EACH_TYPE(COUNT) };

__global__ void layouts(int *out) {
  int k = 0;
#define STORE(t) out[k++] = sizeof(t); out[k++] = __alignof__(t);
  EACH_TYPE(STORE)
}

struct Particle {
  float3 pos;
  float4 color;
  char2 tag;
  double2 mass;
};

__global__ void build(Particle *p, Particle in, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Particle q = in;
  q.pos = make_float3(in.pos.x + i, in.pos.y * i, in.pos.z - i);
  q.color = make_float4(i, 2 * i, 3 * i, 4 * i);
  q.tag = make_char2((signed char)i, (signed char)-i);
  q.mass = make_double2(in.mass.x / (i + 1), in.mass.y);
  int4 v = make_int4(i, i + 1, i + 2, i + 3);
  q.color.w += v.x + v.y + v.z + v.w;
  p[i] = q;
}

int main() {
  int host[2 * NTYPES], k = 0, *d;
#define HOST(t) host[k++] = sizeof(t); host[k++] = __alignof__(t);
  EACH_TYPE(HOST)
  CHECK_CUDA(cudaMalloc(&d, sizeof host));
  layouts<<<1, 1>>>(d);
  int dev[2 * NTYPES];
  CHECK_CUDA(cudaMemcpy(dev, d, sizeof dev, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 2 * NTYPES; i++) CHECK(host[i], dev[i]);
  CHECK(16, sizeof(long2));  // CUDA: 2 * sizeof(long) on LP64
  CHECK(16, __alignof__(float4));
  CHECK(12, sizeof(float3));

  const int n = 100;
  Particle *dp, hp[n], in;
  in.pos = make_float3(1.5f, 2.0f, 3.0f);
  in.color = make_float4(0, 0, 0, 0);
  in.tag = make_char2(0, 0);
  in.mass = make_double2(10.0, 0.25);
  CHECK_CUDA(cudaMalloc(&dp, sizeof hp));
  build<<<(n + 31) / 32, 32>>>(dp, in, n);
  CHECK_CUDA(cudaMemcpy(hp, dp, sizeof hp, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK_NEAR(1.5f + i, hp[i].pos.x, 0);
    CHECK_NEAR(2.0f * i, hp[i].pos.y, 0);
    CHECK_NEAR(3.0f - i, hp[i].pos.z, 0);
    CHECK_NEAR(3.0f * i, hp[i].color.z, 0);
    CHECK_NEAR(4.0f * i + 4 * i + 6, hp[i].color.w, 0);
    CHECK((signed char)i, hp[i].tag.x);
    CHECK((signed char)-i, hp[i].tag.y);
    CHECK_NEAR(10.0 / (i + 1), hp[i].mass.x, 0);
    CHECK_NEAR(0.25, hp[i].mass.y, 0);
  }
  cudaFree(d);
  cudaFree(dp);
  return check_done("vector_types");
}
