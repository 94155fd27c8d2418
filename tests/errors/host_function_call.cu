void helper(int *a) { a[0] = 1; }

__global__ void k(int *a) {
  helper(a);
}
