struct S {
  int x, y;
};

__device__ int f(struct S s) {
  return s.z;
}
