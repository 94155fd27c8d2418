// constexpr_eval: calls of constexpr functions with constant arguments in
// constant expressions: array bounds (shared and local), template
// arguments, static_assert, case labels, enumerator values and static
// const members. The functions use locals, loops, if, recursion and calls
// of other constexpr functions, on integers and floats.
#include "check.h"

constexpr int sq(int x) { return x * x; }
constexpr int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
constexpr int fib(int n) {
  int a = 0, b = 1;
  for (int i = 0; i < n; i++) {
    int t = a + b;
    a = b;
    b = t;
  }
  return a;
}
constexpr unsigned log2_ceil(unsigned v) {
  unsigned r = 0;
  while ((1u << r) < v) ++r;
  return r;
}
constexpr int collatz_steps(int n) {
  int steps = 0;
  do {
    if (n == 1) break;
    if (n % 2 == 0) {
      n /= 2;
      continue;
    }
    n = 3 * n + 1;
    steps++;  /* odd steps only */
  } while (true);
  return steps;
}
constexpr int round_up(int x, int m) { return (x + m - 1) / m * m; }
constexpr int tile(int n) { return round_up(sq(n), 32); }
constexpr float half_of(float x) { return x * 0.5f; }
constexpr int from_float(float x) { return (int)(half_of(x) * 10.0f); }
constexpr unsigned char wrap8(int x) { return (unsigned char)(x + 1); }

static_assert(fact(5) == 120, "fact");
static_assert(fib(10) == 55, "fib");
static_assert(log2_ceil(1000) == 10, "log2_ceil");
static_assert(from_float(3.0f) == 15, "float");

enum Sizes { SMALL = sq(3), BIG = fact(4) + 1, HUGE = tile(5) };

template <int N>
struct Buf {
  int data[N];
  static const int size = N;
};

template <int N>
__device__ int size_of_buf() {
  Buf<N> b;
  return sizeof(b.data) / sizeof(int);
}

struct Consts {
  static const int tiles = tile(7);
};

__global__ void kernel(int *out) {
  __shared__ int sh[tile(3)];     /* 32 */
  int local[fib(7)];              /* 13 */
  int i = threadIdx.x;
  for (int k = 0; k < fib(7); k++) local[k] = k;
  sh[i] = i;
  __syncthreads();
  int r;
  switch (i) {
  case sq(1): r = 100; break;        /* 1 */
  case fact(3): r = 600; break;      /* 6 */
  case collatz_steps(6): r = 200; break; /* 6 -> 3 -> 10 -> 5 -> 16 -> 8 -> 4 -> 2 -> 1: 2 odd steps */
  default: r = -1; break;
  }
  if (i == 0) {
    out[0] = sizeof(sh) / sizeof(int);
    out[1] = local[12];
    out[2] = size_of_buf<log2_ceil(100)>();
    out[3] = SMALL;
    out[4] = BIG;
    out[5] = HUGE;
    out[6] = Consts::tiles;
    out[7] = Buf<fact(3)>::size;
    out[8] = wrap8(255);
  }
  out[16 + i] = r + sh[(i + 1) % 32];
}

int main() {
  int h[48];
  int *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  kernel<<<1, 32>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(32, h[0]);
  CHECK(12, h[1]);
  CHECK(7, h[2]);
  CHECK(9, h[3]);
  CHECK(25, h[4]);
  CHECK(32, h[5]);
  CHECK(64, h[6]);
  CHECK(6, h[7]);
  CHECK(0, h[8]);
  for (int i = 0; i < 32; i++) {
    int r = i == 1 ? 100 : i == 6 ? 600 : i == 2 ? 200 : -1;
    CHECK(r + (i + 1) % 32, h[16 + i]);
  }
  cudaFree(d);
  return check_done("constexpr_eval");
}
