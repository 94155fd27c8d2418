// operators: operator overloading on user structs and built-in vector
// types (the helper_math.h pattern): free and member binary operators,
// compound assignment through a reference, comparison, unary - ! ~,
// prefix/postfix ++, [], (), a conversion operator (operator float()),
// T{...} and T() temporaries. operator T *() on an empty class (cuda-samples'
// SharedMemory): shared_memory_class.cu.
#include "check.h"

struct V {
  float x, y;
  __device__ V operator-(V o) const { return V{x - o.x, y - o.y}; }
  __device__ V operator-() const { return V{-x, -y}; }
  __device__ float &operator[](int i) { return i == 0 ? x : y; }
  __device__ float operator()(float s) const { return x * s + y; }
  __device__ V &operator++() { x += 1; return *this; }
  __device__ V operator++(int) { V old = *this; y += 1; return old; }
  __device__ operator float() const { return x + y; }
};

__device__ V operator+(V a, V b) { return V{a.x + b.x, a.y + b.y}; }
__device__ V operator*(V a, float s) { return V{a.x * s, a.y * s}; }
__device__ V operator*(float s, V a) { return V{a.x * s, a.y * s}; }
__device__ void operator+=(V &a, V b) { a.x += b.x; a.y += b.y; }
__device__ bool operator==(const V &a, const V &b) { return a.x == b.x && a.y == b.y; }
__device__ bool operator!(const V &a) { return a.x == 0 && a.y == 0; }

struct Bits {
  unsigned v;
  __device__ Bits operator~() const { return Bits{~v}; }
  __device__ Bits operator|(Bits o) const { return Bits{v | o.v}; }
};

__device__ float2 operator+(float2 a, float2 b) { return make_float2(a.x + b.x, a.y + b.y); }
__device__ float2 operator*(float2 a, float s) { return make_float2(a.x * s, a.y * s); }
__device__ void operator*=(float2 &a, float s) { a.x *= s; a.y *= s; }
__device__ int3 operator-(int3 a) { return make_int3(-a.x, -a.y, -a.z); }

__global__ void kernel(float *out) {
  int i = threadIdx.x;
  V a = {1.0f * i, 2.0f}, b = V{3.0f, 1.0f * i};
  V c = a + b * 2.0f;
  c += V{1, 1};
  V d = -(c - a);
  V e = 0.5f * d;
  e[1] = e[0] + 10;
  V f = a;
  V g = f++;
  ++f;
  float2 p = make_float2(i, 1) + make_float2(1, 1) * 2.0f;
  p *= 3.0f;
  int3 q = -make_int3(i, 2, 3);
  Bits bits = ~Bits{0xf0u} | Bits{1u};
  V z = V();
  float *o = out + i * 16;
  o[0] = c.x;
  o[1] = c.y;
  o[2] = d.x;
  o[3] = e.x;
  o[4] = e.y;
  o[5] = (a == V{1.0f * i, 2.0f}) + 2 * (a == b);
  o[6] = !z + 2 * !a;
  o[7] = f.x * 100 + f.y;
  o[8] = g.x * 100 + g.y;
  o[9] = a(3.0f);
  o[10] = (float)a + 0.25f;
  o[11] = p.x * 100 + p.y;
  o[12] = q.x;
  o[13] = (float)(bits.v & 0xff);
  o[14] = (a - b)[0];
  float conv = a;
  o[15] = conv;
}

int main() {
  const int n = 8;
  float h[16 * n];
  float *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  kernel<<<1, n>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    float *o = h + 16 * i;
    float cx = i + 6 + 1, cy = 2 + 2 * i + 1;
    CHECK_NEAR(cx, o[0], 0);
    CHECK_NEAR(cy, o[1], 0);
    CHECK_NEAR(-(cx - i), o[2], 0);
    CHECK_NEAR(-(cx - i) / 2, o[3], 0);
    CHECK_NEAR(-(cx - i) / 2 + 10, o[4], 0);
    CHECK_NEAR(1 + 2 * (i == 3 && i == 2), o[5], 0);
    CHECK_NEAR(1, o[6], 0);
    CHECK_NEAR((i + 1) * 100 + 3, o[7], 0);
    CHECK_NEAR(i * 100 + 2, o[8], 0);
    CHECK_NEAR(3 * i + 2, o[9], 0);
    CHECK_NEAR(i + 2.25, o[10], 0);
    CHECK_NEAR((i + 2) * 3 * 100 + 9, o[11], 0);
    CHECK_NEAR(-i, o[12], 0);
    CHECK_NEAR(0x0f, o[13], 0);
    CHECK_NEAR(i - 3, o[14], 0);
    CHECK_NEAR(i + 2, o[15], 0);
  }
  cudaFree(d);
  return check_done("operators");
}
