__device__ void f() {
  break;
}
