struct S {
  float v;
  template <class U> __device__ U scale(U *p) const { return *p * v; }
};
__device__ float f(S s) { return s.scale(2.0f); }
