// A call in a constant expression must be of a constexpr function whose
// evaluation is constant (no division by zero, bounded).
__host__ __device__ int not_constexpr(int x) { return x + 1; }
constexpr int divide(int a, int b) { return a / b; }
constexpr int forever(int x) { while (x > 0) x++; return x; }

__device__ int f(int v) {
  int a[divide(4, 2)];
  static_assert(not_constexpr(1) == 2, "not constexpr");
  switch (v) {
  case not_constexpr(2): return 1;
  case forever(1): return 2;
  case divide(1, 0): return 3;
  }
  a[0] = v;
  return a[0];
}
