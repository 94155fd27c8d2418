// printf: device printf with the common conversions, printed by one
// thread so the order is fixed; compared with printf.out exactly. The host
// prints only after synchronizing, so its lines follow the device's.
#include <cstdio>

__global__ void say(int n, float f, double d, const char *label) {
  for (int i = 0; i < n; i++) printf("line %d of %d: %s\n", i + 1, n, label);
  printf("int %d %i %5d|%-5d|%05d %+d\n", -42, 42, 7, 7, 7, 7);
  printf("unsigned %u %x %X %o %#x\n", 4000000000u, 255u, 255u, 8u, 255u);
  printf("long %ld %lld %llu %lx\n", -1234567890123L, -9000000000000LL,
         18000000000000000000ULL, 0xdeadbeefcafeL);
  printf("float %f %.2f %e %.3e %g %g\n", f, f, f, d, 0.0001, 1e10);
  printf("double %.10f %8.3f|%-8.3f|\n", d, d, d);
  printf("char %c%c%c string [%s] [%10s] [%-6s] [%.3s]\n", 'a', 'b', 'c', "xyz",
         "right", "left", "truncate");
  printf("percent 100%% done\n");
  printf("no arguments\n");
}

int main() {
  const char *label = "from the device";
  char *dlabel;
  cudaMalloc(&dlabel, 16);
  cudaMemcpy(dlabel, label, 16, cudaMemcpyHostToDevice);
  say<<<1, 1>>>(3, 3.25f, 2.718281828459045, dlabel);
  cudaError_t err = cudaDeviceSynchronize();
  printf("host: after synchronize: %s\n", cudaGetErrorString(err));
  cudaFree(dlabel);
  return err == cudaSuccess ? 0 : 1;
}
