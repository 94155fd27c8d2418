struct S {
  int v;
};

__device__ int f(struct S s) {
  if (s) return 1;
  return 0;
}
