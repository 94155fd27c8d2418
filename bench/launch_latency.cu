// launch_latency.cu: median time of an empty kernel launch + cudaDeviceSynchronize
// (10,000 runs) through the whole cuwa path (<<<>>> rewrite, stub, runtime,
// device), for 1 block of 1 thread and for 64 blocks of 256 threads.
// Build and run: cuwa -O3 bench/launch_latency.cu -o ll && ./ll
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

__global__ void empty_kernel() {}

static double median_us(dim3 grid, dim3 block) {
  const int runs = 10000;
  std::vector<double> t(runs);
  for (int i = 0; i < runs; i++) {
    auto a = std::chrono::steady_clock::now();
    empty_kernel<<<grid, block>>>();
    cudaDeviceSynchronize();
    auto b = std::chrono::steady_clock::now();
    t[i] = std::chrono::duration<double, std::micro>(b - a).count();
  }
  std::nth_element(t.begin(), t.begin() + runs / 2, t.end());
  return t[runs / 2];
}

int main() {
  empty_kernel<<<1, 1>>>();  // warm up: creates the worker pool
  if (cudaDeviceSynchronize() != cudaSuccess) return 1;
  printf("empty launch + sync, median of 10000: <<<1,1>>> %.2f us, <<<64,256>>> %.2f us\n",
         median_us(1, 1), median_us(64, 256));
  return 0;
}
