__device__ int g;

__global__ void k(int *out) {
  int a = 1, b = 2;
  int arr[4] = {1, 2, 3, 4};
  auto f = [g](int x) { return x + g; };
  auto h = [a](int x) { return x + b; };
  auto i = [n = a + 1]() { return n; };
  auto j = [arr]() { return arr[0]; };
  out[0] = f(1) + h(2) + j();
}
