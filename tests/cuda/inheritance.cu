// inheritance: single and multiple non-virtual bases laid out as the host
// compiler lays them out (sizeof/offsetof match), base members and methods
// through `.`, `->` and inside member functions, hiding, qualified calls
// A::f(), derived-to-base pointer/reference conversions and slicing
// copies, base constructors in init lists, implicit default construction
// of bases, empty bases, class templates deriving from templates, base
// class operators used on derived objects, using B::f.
#include "check.h"

struct A {
  int a;
  __host__ __device__ A() : a(1) {}
  __host__ __device__ A(int v) : a(v) {}
  __device__ int get() const { return a; }
  __device__ int twice() const { return 2 * get(); }
  __device__ int name() const { return 100; }
};

struct B {
  typedef float real;        // names of a base are visible in the derived class
  static const int N = 4;
  enum { K = 2 };
  float b;
  int tag = 7;
  __device__ int name() const { return 200; }
  __device__ float half() const { return b / 2; }
};

struct C : public A, B {     // multiple inheritance
  int c;
  __host__ __device__ C(int x) : A(x), c(x * 3) { b = 1.5f * x; }
  __device__ int name() const { return 300 + A::name() + B::name(); }   // hides both
  __device__ int sum() const { return a + tag + c + get(); }
  __device__ real scaled() const { return (real)(N * K); }
};

struct D : C {               // a chain
  short d;
  __host__ __device__ D() : C(4), d(9) {}
};

struct Empty {
  __device__ int one() const { return 1; }
};
struct WithEmpty : Empty {   // empty base: no space
  int x;
};

struct Agg { int p, q; };
struct AggD : Agg { int r; };  // C++17 aggregate with a base

struct V2 {                  // operators of a base class
  float x, y;
  __device__ V2 operator+(const V2 &o) const { V2 r; r.x = x + o.x; r.y = y + o.y; return r; }
  __device__ float &operator[](int i) { return i ? y : x; }
  __device__ V2 &operator+=(const V2 &o) { x += o.x; y += o.y; return *this; }
};
struct P2 : V2 { int id; };

struct U1 { __host__ __device__ int f(int k) const { return k * 10; } };
struct U2 : U1 {             // using-declaration: U1's f joins U2's
  using U1::f;
  __host__ __device__ int f() const { return f(4) + 2; }
};

template <class T> struct Base {
  T v;
  __device__ T value() const { return v; }
};
template <class T> struct Derived : Base<T> {
  T w;
  __device__ Derived(T a, T b) : Base<T>{a}, w(b) {}
  __device__ T total() const { return this->value() + w; }
};

__device__ int take_a(const A &r) { return r.a; }
__device__ int take_ptr(A *p) { return p->a; }
__device__ float take_b(B *p) { return p->b; }
__device__ int by_value(A x) { return x.a + 1; }
__device__ int over(A *) { return 1; }
__device__ int over(void *) { return 2; }

__global__ void kernel(int *o, float *f) {
  C c(5);
  o[0] = c.a;            // 5
  o[1] = c.tag;          // 7
  o[2] = c.c;            // 15
  o[3] = c.get();        // 5
  o[4] = c.twice();      // 10
  o[5] = c.name();       // 600
  o[6] = c.sum();        // 5 + 7 + 15 + 5 = 32
  f[0] = c.b;            // 7.5
  f[1] = c.half();       // 3.75
  C *pc = &c;
  o[7] = pc->get() + pc->tag;  // 12
  o[8] = take_a(c);      // 5
  o[9] = take_ptr(&c);   // 5
  f[2] = take_b(&c);     // 7.5: the B subobject is not at offset 0
  A sliced = c;          // slicing copy
  o[10] = sliced.a;      // 5
  o[11] = by_value(c);   // 6
  B &rb = c;
  rb.b = 2.0f;
  f[3] = c.b;            // 2
  A *pa = pc;
  o[12] = pa->a;         // 5
  C *back = static_cast<C *>(pa);
  o[13] = back->c;       // 15
  o[14] = over(pc);      // 1: derived-to-base beats void*
  D d;
  o[15] = d.a + d.c + d.d + d.tag;  // 4 + 12 + 9 + 7
  o[16] = d.name();      // 600
  WithEmpty we;
  we.x = 3;
  o[17] = we.one() + we.x;  // 4
  AggD g = {{1, 2}, 3};
  o[18] = g.p * 100 + g.q * 10 + g.r;  // 123
  Derived<int> t(20, 22);
  o[19] = t.total();     // 42
  o[20] = t.v;           // 20
  P2 qa, qb;
  qa.x = 1; qa.y = 2; qb.x = 3; qb.y = 4;
  V2 sum = qa + qb;
  qa += qb;
  o[27] = (int)(sum.x * 10 + sum.y);  // 46
  o[28] = (int)(qa[0] * 10 + qa[1]);  // 46
  o[29] = (int)c.scaled() + C::N;  // 12
  U2 u;
  o[30] = u.f() + u.f(1);     // 52
  o[21] = sizeof(C);     // layouts as the host compiler's
  o[22] = sizeof(D);
  o[23] = sizeof(WithEmpty);
  o[24] = (int)((char *)&c.b - (char *)&c);
  o[25] = (int)((char *)&c.c - (char *)&c);
  o[26] = (int)((char *)&d.d - (char *)&d);
}

int main() {
  int h[31];
  float hf[4];
  int *d;
  float *df;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  kernel<<<1, 1>>>(d, df);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  int want[27] = {5, 7, 15, 5, 10, 600, 32, 12, 5, 5, 5, 6, 5, 15, 1, 32, 600, 4, 123, 42, 20};
  for (int i = 0; i < 21; i++) CHECK(want[i], h[i]);
  C hc(1);
  D hd;
  CHECK(sizeof(C), h[21]);
  CHECK(sizeof(D), h[22]);
  CHECK(sizeof(WithEmpty), h[23]);
  CHECK((char *)&hc.b - (char *)&hc, h[24]);
  CHECK((char *)&hc.c - (char *)&hc, h[25]);
  CHECK((char *)&hd.d - (char *)&hd, h[26]);
  CHECK(46, h[27]);
  CHECK(46, h[28]);
  CHECK(12, h[29]);
  CHECK(52, h[30]);
  CHECK_NEAR(7.5f, hf[0], 0);
  CHECK_NEAR(3.75f, hf[1], 0);
  CHECK_NEAR(7.5f, hf[2], 0);
  CHECK_NEAR(2.0f, hf[3], 0);
  cudaFree(d);
  cudaFree(df);
  return check_done("inheritance");
}
