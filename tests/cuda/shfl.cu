// skip: webgpu: double precision (WGSL has no f64; docs/webgpu.md); the int, unsigned, long long and float shuffles pass there
// shfl: __shfl_sync, __shfl_up_sync, __shfl_down_sync and __shfl_xor_sync
// for every width 1..32 and for int, unsigned, long long, unsigned long
// long, float and double, checked against the rules of the CUDA
// Programming Guide ("Warp Shuffle Functions"): a lane outside its
// segment reads its own value; xor may read earlier segments but not
// later ones; only the low 5 bits of the lane operand count. Also: a partial mask inside a branch taken by half the warp,
// a last partial warp (blockDim not a multiple of 32), and a warp-shuffle
// reduction and inclusive scan.
#include "check.h"

#define BLOCK 96

template <typename T>
__device__ T value_of(int g) { return (T)(g * 3 + 1); }
template <>
__device__ float value_of<float>(int g) { return g * 0.75f - 5.0f; }
template <>
__device__ double value_of<double>(int g) { return g * 1.0e10 + 0.5; }
template <>
__device__ long long value_of<long long>(int g) { return (long long)g * 4000000000LL - 7; }
template <>
__device__ unsigned long long value_of<unsigned long long>(int g) {
  return (unsigned long long)g * 0x100000001ULL + 0x8000000000000000ULL;
}

// out[op][tid]: op 0 idx, 1 up, 2 down, 3 xor
template <typename T>
__global__ void shuffles(T *out, int width, int src, int delta, int lanemask) {
  int t = threadIdx.x;
  T v = value_of<T>(blockIdx.x * BLOCK + t);
  int n = BLOCK * gridDim.x, g = blockIdx.x * BLOCK + t;
  out[0 * n + g] = __shfl_sync(0xffffffff, v, src, width);
  out[1 * n + g] = __shfl_up_sync(0xffffffff, v, delta, width);
  out[2 * n + g] = __shfl_down_sync(0xffffffff, v, delta, width);
  out[3 * n + g] = __shfl_xor_sync(0xffffffff, v, lanemask, width);
}

// The upper half of each warp takes the branch and shuffles among itself.
__global__ void half_warp(int *out) {
  int t = threadIdx.x, lane = t & 31;
  int r = -1;
  if (lane >= 16) r = __shfl_down_sync(0xffff0000, t * 10, 3, 16);
  else r = __shfl_sync(0x0000ffff, t * 10, 15 - lane);
  out[t] = r;
}

// blockDim 48: the second warp has 16 lanes.
__global__ void partial_warp(int *out) {
  int t = threadIdx.x;
  unsigned mask = __activemask();
  int sum = t;
  for (int o = 8; o > 0; o >>= 1) sum += __shfl_xor_sync(mask, sum, o, 16);
  int scan = t;
  for (int o = 1; o < 16; o <<= 1) {
    int y = __shfl_up_sync(mask, scan, o, 16);
    if ((t & 15) >= o) scan += y;
  }
  out[t] = sum;
  out[48 + t] = scan;
  out[96 + t] = (int)mask;
}

__global__ void warp_reduce(const float *in, float *out) {
  float v = in[blockIdx.x * blockDim.x + threadIdx.x];
  for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffff, v, o);
  if ((threadIdx.x & 31) == 0) out[(blockIdx.x * blockDim.x + threadIdx.x) / 32] = v;
}

// Only the low 5 bits of the lane operand count (measured on an H100).
static int ref_lane(int op, int lane, int b, int w) {
  int seg = lane / w * w;
  b &= 31;
  switch (op) {
  case 0: return seg + ((b % w) + w) % w;
  case 1: return lane - seg >= b ? lane - b : lane;
  case 2: return lane - seg + b < w ? lane + b : lane;
  default: {
    int j = lane ^ b;
    return (j < 32 && j / w <= lane / w) ? j : lane;
  }
  }
}

template <typename T>
static T host_value(int g);
template <> int host_value<int>(int g) { return g * 3 + 1; }
template <> unsigned host_value<unsigned>(int g) { return (unsigned)(g * 3 + 1); }
template <> float host_value<float>(int g) { return g * 0.75f - 5.0f; }
template <> double host_value<double>(int g) { return g * 1.0e10 + 0.5; }
template <> long long host_value<long long>(int g) { return (long long)g * 4000000000LL - 7; }
template <> unsigned long long host_value<unsigned long long>(int g) {
  return (unsigned long long)g * 0x100000001ULL + 0x8000000000000000ULL;
}

template <typename T>
static void check_type(const char *name) {
  const int blocks = 2, n = blocks * BLOCK;
  T *d, h[4 * n];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  int bad = 0;
  for (int w = 1; w <= 32; w *= 2) {
    int params[4][3] = {{w - 1, 1, w / 2}, {w + 3, w / 2, 1}, {37, 3, w * 2 - 1}, {-1, 33, 35}};
    for (int c = 0; c < 4; c++) {
      int src = params[c][0], delta = params[c][1], mask = params[c][2];
      shuffles<T><<<blocks, BLOCK>>>(d, w, src, delta, mask);
      CHECK_CUDA(cudaGetLastError());
      CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
      for (int g = 0; g < n; g++) {
        int warp = g / 32 * 32, lane = g % 32;
        int bs[4] = {src, delta, delta, mask};
        for (int op = 0; op < 4; op++) {
          T want = host_value<T>(warp + ref_lane(op, lane, bs[op], w));
          if (!(h[op * n + g] == want)) {
            if (bad++ < 5)
              printf("%s width %d op %d thread %d: wrong value\n", name, w, op, g);
          }
        }
      }
    }
  }
  CHECK(0, bad);
  CHECK_CUDA(cudaFree(d));
}

int main() {
  check_type<int>("int");
  check_type<unsigned>("unsigned");
  check_type<long long>("long long");
  check_type<unsigned long long>("unsigned long long");
  check_type<float>("float");
  check_type<double>("double");

  int *d, h[3 * 96];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  half_warp<<<1, 64>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, 64 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int t = 0; t < 64; t++) {
    int lane = t & 31, w0 = t - lane;
    if (lane >= 16) CHECK(lane - 16 + 3 < 16 ? (t + 3) * 10 : t * 10, h[t]);
    else CHECK((w0 + 15 - lane) * 10, h[t]);
  }

  partial_warp<<<1, 48>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, 3 * 48 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int t = 0; t < 48; t++) {
    int seg = t / 16 * 16, sum = 0, scan = 0;
    for (int k = 0; k < 16; k++) sum += seg + k;
    for (int k = seg; k <= t; k++) scan += k;
    CHECK(sum, h[t]);
    CHECK(scan, h[48 + t]);
    CHECK(t < 32 ? -1 : 0xffff, h[96 + t]);
  }

  const int m = 256 * 64;
  float *hin = new float[m], *din, *dout, hout[m / 32];
  for (int i = 0; i < m; i++) hin[i] = (float)(i % 17) - 8.0f;
  CHECK_CUDA(cudaMalloc(&din, m * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&dout, m / 32 * sizeof(float)));
  CHECK_CUDA(cudaMemcpy(din, hin, m * sizeof(float), cudaMemcpyHostToDevice));
  warp_reduce<<<64, 256>>>(din, dout);
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  for (int w = 0; w < m / 32; w++) {
    float s = 0;
    for (int k = 0; k < 32; k++) s += hin[w * 32 + k];
    CHECK_NEAR(s, hout[w], 0);
  }
  delete[] hin;
  return check_done("shfl");
}
