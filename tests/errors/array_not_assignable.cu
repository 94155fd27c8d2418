__device__ void f() {
  int a[4], b[4];
  a = b;
}
