__device__ int g(int i) {
  auto f = [](auto *p) { return *p; };
  return f(i);
}
