// control_flow: for/while/do-while loops, nested loops with break and
// continue, switch with fall-through and default, the conditional
// operator, and the short-circuit rules of && and ||
// (the right operand's side effects happen only when it is evaluated), all
// computed per thread and compared with the same code run on the host.
#include "check.h"

__host__ __device__ int bump(int *counter, int v) {
  (*counter)++;
  return v;
}

__host__ __device__ void flow(int i, int *o) {
  int sum = 0;
  for (int a = 0; a < 10; a++) {
    if (a == i % 10) continue;
    for (int b = 0; b < 10; b++) {
      if (b > a) break;
      sum += a * b;
    }
  }
  o[0] = sum;

  int w = i, steps = 0;
  while (w != 1 && steps < 200) {
    w = (w % 2) ? 3 * w + 1 : w / 2;
    steps++;
  }
  o[1] = steps;

  int d = 0, k = i;
  do {
    d += k % 10;
    k /= 10;
  } while (k > 0);
  o[2] = d;

  int s = 0;
  switch (i % 6) {
    case 0: s += 1;        // fall through
    case 1: s += 10; break;
    case 2:
    case 3: s += 100;
      if (i % 2) break;
      s += 1000;           // fall through
    default: s += 10000;
  }
  o[3] = s;

  o[4] = i % 2 ? (i % 3 ? 1 : 2) : (i % 5 ? 3 : 4);

  int evaluated = 0;
  bool r1 = (i % 2 == 0) && bump(&evaluated, i % 4 == 0);
  bool r2 = (i % 3 == 0) || bump(&evaluated, i % 5 == 0);
  bool r3 = bump(&evaluated, 0) && bump(&evaluated, 1);
  bool r4 = bump(&evaluated, 1) || bump(&evaluated, 1);
  o[5] = evaluated * 16 + r1 * 8 + r2 * 4 + r3 * 2 + r4;

  int c = 0;
  for (int a = 0, b = 10; a < b; a++, b--) c = c * 3 + (a ^ b);
  o[6] = c;

  int x = i;
  x += 5; x *= 3; x -= 7; x ^= 0x5a; x |= 0x100; x &= 0xfff; x <<= 2; x >>= 1; x %= 1000;
  o[7] = x;
}

__global__ void run_flow(int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) flow(i, out + 8 * i);
}

int main() {
  const int n = 500;
  int *d, h[8 * n];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  run_flow<<<(n + 63) / 64, 64>>>(d, n);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int e[8];
    flow(i, e);
    for (int k = 0; k < 8; k++) CHECK(e[k], h[8 * i + k]);
  }
  cudaFree(d);
  return check_done("control_flow");
}
