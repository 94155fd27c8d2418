// divergent_sync: threads that meet across divergent arms (cuwa runs such
// kernels with one stack per thread, src/runtime/cpu/fiber.c):
// __syncthreads() in both arms of an if the threads take differently
// (also in a loop, and __syncthreads_count in both arms), shuffles and
// votes in both arms whose masks name lanes of the other arm, partial
// masks, threads that exit before the others meet, and a barrier in a
// loop whose trip count depends on threadIdx.
// skip: webgpu: threads of divergent arms cannot meet at a WGSL barrier
#include "check.h"

#define B 96

// Threads with t % 3 == 0 take the first arm; every thread writes its
// slot before the barrier (in either arm) and reads a neighbour after it.
__global__ void both_arms(const int *in, int *out) {
  __shared__ int s[B];
  int t = threadIdx.x;
  s[t] = in[t];
  if (in[t] % 3 == 0) {
    s[t] += 1000;
    __syncthreads();
    out[t] = s[(t + 1) % B];
  } else {
    __syncthreads();
    out[t] = s[(t + 1) % B] + 1;
  }
}

// Four rounds; each round, the arm a thread takes depends on the round.
__global__ void both_arms_loop(int *out) {
  __shared__ int s[B];
  int t = threadIdx.x, v = t;
  for (int r = 0; r < 4; r++) {
    if ((t + r) % 2) {
      s[t] = v;
      __syncthreads();
      v = s[(t + 5) % B] + 1;
      __syncthreads();
    } else {
      s[t] = v * 2;
      __syncthreads();
      v = s[(t + 7) % B];
      __syncthreads();
    }
  }
  out[t] = v;
}

// __syncthreads_count in both arms: one count for the block.
__global__ void count_arms(int *out) {
  int t = threadIdx.x, c;
  if (t < 10) c = __syncthreads_count(t % 2);
  else c = __syncthreads_count(t % 5 == 0);
  out[t] = c;
}

// Lanes below 16 read lane + 16 with __shfl_sync, the others lane ^ 16
// with __shfl_xor_sync; both masks are full, so the arms meet.
__global__ void shfl_arms(int *out) {
  int t = threadIdx.x, lane = t & 31, v = t * 10, r;
  if (lane < 16) r = __shfl_sync(0xffffffffu, v, lane + 16);
  else r = __shfl_xor_sync(0xffffffffu, v, 16) + 1;
  out[t] = r;
}

// Partial masks: odd lanes shift down among odd lanes, even lanes up
// among even lanes; then a ballot in both arms with the full mask.
__global__ void partial_masks(const int *in, int *out, unsigned *ballots) {
  int t = threadIdx.x, lane = t & 31, v = in[t], r;
  unsigned b;
  if (lane & 1) {
    r = __shfl_down_sync(0xaaaaaaaau, v, 2);
    b = __ballot_sync(0xffffffffu, v > 50);
  } else {
    r = __shfl_up_sync(0x55555555u, v, 2);
    b = __ballot_sync(0xffffffffu, v > 50);
  }
  out[t] = r;
  ballots[t] = b;
}

// Lanes 24..31 exit first: the others' full-mask reductions (one in each
// arm, so the arms meet) do not wait for them (exited lanes take no part).
__global__ void exit_then_meet(int *out) {
  int t = threadIdx.x, lane = t & 31;
  if (lane >= 24) return;
  int r;
  if (lane < 8) r = __reduce_add_sync(0xffffffffu, lane);
  else r = __reduce_add_sync(0xffffffffu, lane * 2) + 100;
  out[t] = r;
}

// A barrier in a loop whose trip count depends on threadIdx.x; threads
// that finished their rounds exit and no longer count.
__global__ void loop_trip(int *out) {
  __shared__ int s[B];
  int t = threadIdx.x, n = t % 4 + 1, acc = 0;
  for (int i = 0; i < n; i++) {
    s[t] = i * 100 + t;
    __syncthreads();
    acc += s[(t + 4) % B];
    __syncthreads();
  }
  out[t] = acc;
}

// The same loop with an if around the barriers whose arms both sync.
__global__ void loop_trip_arms(int *out) {
  __shared__ int s[B];
  int t = threadIdx.x, n = t % 4 + 1, acc = 0;
  for (int i = 0; i < n; i++) {
    s[t] = i * 100 + t;
    if (t & 1) {
      __syncthreads();
      acc += s[(t + 4) % B];
    } else {
      __syncthreads();
      acc -= s[(t + 8) % B];
    }
    __syncthreads();
  }
  out[t] = acc;
}

int main() {
  int hin[B], h[B], *din, *d;
  unsigned hb[B], *db;
  for (int i = 0; i < B; i++) hin[i] = (i * 37 + 11) % 101;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&db, sizeof hb));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));

  both_arms<<<2, B>>>(din, d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < B; t++) {
    int j = (t + 1) % B, sj = hin[j] + (hin[j] % 3 == 0 ? 1000 : 0);
    CHECK(hin[t] % 3 == 0 ? sj : sj + 1, h[t]);
  }

  both_arms_loop<<<1, B>>>(d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  {
    int v[B], s[B];
    for (int t = 0; t < B; t++) v[t] = t;
    for (int r = 0; r < 4; r++) {
      for (int t = 0; t < B; t++) s[t] = (t + r) % 2 ? v[t] : v[t] * 2;
      for (int t = 0; t < B; t++) v[t] = (t + r) % 2 ? s[(t + 5) % B] + 1 : s[(t + 7) % B];
    }
    for (int t = 0; t < B; t++) CHECK(v[t], h[t]);
  }

  count_arms<<<1, B>>>(d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  {
    int c = 0;
    for (int t = 0; t < B; t++) c += t < 10 ? t % 2 : t % 5 == 0;
    for (int t = 0; t < B; t++) CHECK(c, h[t]);
  }

  shfl_arms<<<1, B>>>(d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < B; t++) {
    int lane = t & 31, w = t - lane;
    CHECK(lane < 16 ? (w + lane + 16) * 10 : (w + (lane ^ 16)) * 10 + 1, h[t]);
  }

  partial_masks<<<1, B>>>(din, d, db);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hb, db, sizeof hb, cudaMemcpyDeviceToHost));
  for (int t = 0; t < B; t++) {
    int lane = t & 31, w = t - lane;
    int src = lane & 1 ? (lane + 2 < 32 ? lane + 2 : lane) : (lane >= 2 ? lane - 2 : lane);
    unsigned ballot = 0;
    for (int l = 0; l < 32; l++)
      if (hin[w + l] > 50) ballot |= 1u << l;
    CHECK(hin[w + src], h[t]);
    CHECK(ballot, hb[t]);
  }

  CHECK_CUDA(cudaMemset(d, 0xff, sizeof h));
  exit_then_meet<<<1, B>>>(d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < B; t++) {
    int lane = t & 31, sum = 0;
    for (int l = 0; l < 24; l++) sum += l < 8 ? l : l * 2;
    CHECK(lane >= 24 ? -1 : lane < 8 ? sum : sum + 100, h[t]);
  }

  loop_trip<<<1, B>>>(d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < B; t++) {
    int n = t % 4 + 1, acc = 0;
    for (int i = 0; i < n; i++) acc += i * 100 + (t + 4) % B;
    CHECK(acc, h[t]);
  }

  loop_trip_arms<<<1, B>>>(d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < B; t++) {
    int n = t % 4 + 1, acc = 0;
    for (int i = 0; i < n; i++)
      acc += t & 1 ? i * 100 + (t + 4) % B : -(i * 100 + (t + 8) % B);
    CHECK(acc, h[t]);
  }

  cudaFree(din);
  cudaFree(d);
  cudaFree(db);
  return check_done("divergent_sync");
}
