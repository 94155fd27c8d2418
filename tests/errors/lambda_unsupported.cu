__global__ void k(int *a) {
  auto f = [](int x) { return x + 1; };
}
