struct A { int a; };
struct B { int b; };
struct C : A, B { int c; };
struct V : virtual A { int v; };
struct NonPod {
  int x;
  char c;
  __device__ NonPod() : x(0), c(0) {}
};
struct Tail : NonPod { char d; };
struct M {
  static int count;
};
__device__ int M::count = 0;
struct S {
  int x;
  __device__ S(int a);
  __device__ int f() const;
};
__device__ int S::f(int k) const { return k; }
__device__ S::S(float a) : x(a) {}
struct Deleg : A {
  int x;
  __device__ Deleg(int a);
  __device__ Deleg();
};
__device__ Deleg::Deleg(int a) : A{a}, A{a}, x(a) {}
__device__ Deleg::Deleg() : Deleg(1), x(2) {}

__global__ void k(int *out) {
  C c;
  B *pb = &c;
  C *back = static_cast<C *>(pb);
  out[0] = back->c;
  V v;
  Tail t;
}
