// barrier_loops: __syncthreads() in for, while and do loops (trip counts
// from a parameter and from blockIdx), in nested loops, with break and
// continue around it, in a switch, in __device__ functions (also called
// in a loop and returning early), after half of the block returned, and
// in a loop whose condition is read from shared memory. Each kernel
// passes values between threads through shared memory, so a missing or
// misplaced barrier gives a wrong answer.
#include "check.h"

#define B 64

// Rotates the block's values `rounds` times: each round every thread
// takes its right neighbour's value. rounds = blockIdx.x + 1 for block b.
__global__ void rotate_for(int *out) {
  __shared__ int s[B];
  int t = threadIdx.x;
  int v = t * 10 + blockIdx.x;
  for (int r = 0; r <= (int)blockIdx.x; r++) {
    s[t] = v;
    __syncthreads();
    v = s[(t + 1) % B];
    __syncthreads();
  }
  out[blockIdx.x * B + t] = v;
}

__global__ void rotate_while_do(int *out, int n) {
  __shared__ int s[B];
  int t = threadIdx.x, v = t, r = 0;
  while (r < n) {
    s[t] = v;
    __syncthreads();
    v = s[(t + 3) % B];
    __syncthreads();
    r++;
  }
  do {
    s[t] = v;
    __syncthreads();
    v = s[(t + B - 1) % B] + 1000;
    __syncthreads();
  } while (++r < n + 2);
  out[t] = v;
}

// break and continue at barriers: rounds 3 and 5 are skipped, round 7 ends it.
__global__ void break_continue(int *out) {
  __shared__ int s[B];
  int t = threadIdx.x, v = t;
  for (int r = 0;; r++) {
    if (r == 3 || r == 5) continue;
    s[t] = v;
    __syncthreads();
    v = s[(t + 1) % B] + r;
    __syncthreads();
    if (r == 7) break;
  }
  out[t] = v;
}

// Nested loops with barriers in both; the inner trip count depends on the
// outer counter.
__global__ void nested(int *out) {
  __shared__ int s[B];
  int t = threadIdx.x, v = t;
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j <= i; j++) {
      s[t] = v;
      __syncthreads();
      v = s[(t + j + 1) % B] * 2 % 1000003;
      __syncthreads();
    }
    s[t] = v + i;
    __syncthreads();
    v = s[B - 1 - t];
    __syncthreads();
  }
  out[t] = v;
}

// The upper half of the block returns; the rest still meets at barriers.
__global__ void half_return(int *out) {
  __shared__ int s[B / 2];
  int t = threadIdx.x;
  if (t >= B / 2) return;
  int v = t;
  for (int r = 0; r < 4; r++) {
    s[t] = v;
    __syncthreads();
    v += s[(t + 1) % (B / 2)];
    __syncthreads();
  }
  out[t] = v;
}

// Some threads return in the middle of the loop (at different rounds);
// a thread that left no longer writes its slot.
__global__ void return_in_loop(int *out) {
  __shared__ int s[B];
  int t = threadIdx.x;
  out[t] = -1;
  for (int r = 0; r < 6; r++) {
    s[t] = r * 100 + t;
    __syncthreads();
    if (t % 6 == r) {
      out[t] = s[(t + 1) % B];
      return;
    }
    __syncthreads();
  }
}

__device__ int neighbour_sum(int *s, int v, int k) {
  int t = threadIdx.x;
  s[t] = v;
  __syncthreads();
  int r = s[(t + k) % B] + s[(t + B - k) % B];
  __syncthreads();
  if (k == 0) return -r;
  return r;
}

__device__ void accumulate(int *s, int *v, int rounds) {
  for (int r = 1; r <= rounds; r++) *v = neighbour_sum(s, *v, r) % 100003;
}

__global__ void device_functions(int *out) {
  __shared__ int s[B];
  int v = threadIdx.x;
  accumulate(s, &v, 3);
  v = neighbour_sum(s, v, 0);
  out[threadIdx.x] = v;
}

// A barrier inside a switch on a block-uniform value and on one that
// differs between threads (each case's threads meet among themselves).
__global__ void switches(int *out, int mode) {
  __shared__ int s[B];
  int t = threadIdx.x, v = t;
  switch (mode) {
  case 0:
    s[t] = v;
    __syncthreads();
    v = s[B - 1 - t];
    break;
  case 1:
    v = -v;
    // fall through
  default:
    s[t] = v * 2;
    __syncthreads();
    v = s[(t + 1) % B];
    break;
  }
  __syncthreads();
  switch (t / 16) {
  case 0:
  case 1:
    s[t] = v + 1;
    __syncthreads();
    v = s[31 - t];
    break;
  default:
    v = v * 3;
  }
  out[t] = v;
}

// The loop goes on while a flag in shared memory says so; thread 0 decides.
__global__ void shared_flag(int *out, int limit) {
  __shared__ int go;
  __shared__ int s[B];
  int t = threadIdx.x, v = t, rounds = 0;
  if (t == 0) go = 1;
  __syncthreads();
  while (go) {
    s[t] = v;
    __syncthreads();
    v = s[(t + 5) % B] + 1;
    rounds++;
    if (t == 0 && rounds >= limit) go = 0;
    __syncthreads();
  }
  out[t] = v * 1000 + rounds;
}

static void rotate_host(int *v, int n, int by) {
  int tmp[B];
  for (int i = 0; i < n; i++) tmp[i] = v[(i + by) % n];
  for (int i = 0; i < n; i++) v[i] = tmp[i];
}

int main() {
  int *d, h[8 * B];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));

  rotate_for<<<8, B>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 8; b++)
    for (int t = 0; t < B; t++) CHECK(((t + b + 1) % B) * 10 + b, h[b * B + t]);

  rotate_while_do<<<1, B>>>(d, 5);
  CHECK_CUDA(cudaMemcpy(h, d, B * sizeof(int), cudaMemcpyDeviceToHost));
  {
    int v[B];
    for (int t = 0; t < B; t++) v[t] = t;
    for (int r = 0; r < 5; r++) rotate_host(v, B, 3);
    for (int r = 0; r < 2; r++) {
      rotate_host(v, B, B - 1);
      for (int t = 0; t < B; t++) v[t] += 1000;
    }
    for (int t = 0; t < B; t++) CHECK(v[t], h[t]);
  }

  break_continue<<<1, B>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, B * sizeof(int), cudaMemcpyDeviceToHost));
  {
    int v[B];
    for (int t = 0; t < B; t++) v[t] = t;
    for (int r = 0; r <= 7; r++) {
      if (r == 3 || r == 5) continue;
      rotate_host(v, B, 1);
      for (int t = 0; t < B; t++) v[t] += r;
    }
    for (int t = 0; t < B; t++) CHECK(v[t], h[t]);
  }

  nested<<<1, B>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, B * sizeof(int), cudaMemcpyDeviceToHost));
  {
    int v[B], tmp[B];
    for (int t = 0; t < B; t++) v[t] = t;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j <= i; j++) {
        for (int t = 0; t < B; t++) tmp[t] = v[(t + j + 1) % B] * 2 % 1000003;
        for (int t = 0; t < B; t++) v[t] = tmp[t];
      }
      for (int t = 0; t < B; t++) tmp[t] = v[B - 1 - t] + i;
      for (int t = 0; t < B; t++) v[t] = tmp[t];
    }
    for (int t = 0; t < B; t++) CHECK(v[t], h[t]);
  }

  half_return<<<1, B>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, B / 2 * sizeof(int), cudaMemcpyDeviceToHost));
  {
    int v[B / 2], tmp[B / 2];
    for (int t = 0; t < B / 2; t++) v[t] = t;
    for (int r = 0; r < 4; r++) {
      for (int t = 0; t < B / 2; t++) tmp[t] = v[t] + v[(t + 1) % (B / 2)];
      for (int t = 0; t < B / 2; t++) v[t] = tmp[t];
    }
    for (int t = 0; t < B / 2; t++) CHECK(v[t], h[t]);
  }

  return_in_loop<<<1, B>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, B * sizeof(int), cudaMemcpyDeviceToHost));
  for (int t = 0; t < B; t++) {
    int u = (t + 1) % B, last = t % 6 < u % 6 ? t % 6 : u % 6;
    CHECK(last * 100 + u, h[t]);
  }

  device_functions<<<1, B>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, B * sizeof(int), cudaMemcpyDeviceToHost));
  {
    int v[B], tmp[B];
    for (int t = 0; t < B; t++) v[t] = t;
    for (int k = 1; k <= 3; k++) {
      for (int t = 0; t < B; t++) tmp[t] = (v[(t + k) % B] + v[(t + B - k) % B]) % 100003;
      for (int t = 0; t < B; t++) v[t] = tmp[t];
    }
    for (int t = 0; t < B; t++) CHECK(-(v[t] + v[t]), h[t]);
  }

  for (int mode = 0; mode < 3; mode++) {
    switches<<<1, B>>>(d, mode);
    CHECK_CUDA(cudaMemcpy(h, d, B * sizeof(int), cudaMemcpyDeviceToHost));
    int v[B];
    for (int t = 0; t < B; t++) {
      if (mode == 0) v[t] = B - 1 - t;
      else v[t] = ((t + 1) % B) * 2 * (mode == 1 ? -1 : 1);
    }
    for (int t = 0; t < B; t++) CHECK(t < 32 ? v[31 - t] + 1 : v[t] * 3, h[t]);
  }

  shared_flag<<<1, B>>>(d, 9);
  CHECK_CUDA(cudaMemcpy(h, d, B * sizeof(int), cudaMemcpyDeviceToHost));
  {
    int v[B];
    for (int t = 0; t < B; t++) v[t] = t;
    for (int r = 0; r < 9; r++) {
      rotate_host(v, B, 5);
      for (int t = 0; t < B; t++) v[t] += 1;
    }
    for (int t = 0; t < B; t++) CHECK(v[t] * 1000 + 9, h[t]);
  }
  return check_done("barrier_loops");
}
