// kernels200.cu: a 200-line file of typical CUDA kernels, used to time
// `cuwa -c` against `nvcc -c` (bench/compile_time). Self-checking when run.
#include <cstdio>
#include <cstdlib>
#include <cmath>

#define N (1 << 16)
#define CHECK_CUDA(x) do { cudaError_t e = (x); if (e != cudaSuccess) { \
  printf("%s failed: %s\n", #x, cudaGetErrorString(e)); exit(1); } } while (0)

struct Particle { float x, y, z, w; };

__constant__ float c_coeffs[9];
__device__ int d_counter;

__device__ __forceinline__ float clampf(float v, float lo, float hi) {
  return fminf(fmaxf(v, lo), hi);
}

__device__ float lerp(float a, float b, float t) { return a + t * (b - a); }

__device__ float smoothstep(float e0, float e1, float x) {
  float t = clampf((x - e0) / (e1 - e0), 0.0f, 1.0f);
  return t * t * (3.0f - 2.0f * t);
}

__global__ void saxpy(int n, float a, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

__global__ void daxpy(int n, double a, const double *x, double *y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += blockDim.x * gridDim.x)
    y[i] = a * x[i] + y[i];
}

__global__ void stencil9(int w, int h, const float *in, float *out) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) return;
  float s = 0.0f;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      s += c_coeffs[(dy + 1) * 3 + dx + 1] * in[(y + dy) * w + x + dx];
  out[y * w + x] = s;
}

__global__ void transpose_naive(int w, int h, const float *in, float *out) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < w && y < h) out[x * h + y] = in[y * w + x];
}

__global__ void integrate(int n, Particle *p, const Particle *v, float dt) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Particle q = p[i];
  q.x += v[i].x * dt;
  q.y += v[i].y * dt;
  q.z += v[i].z * dt;
  q.w = sqrtf(q.x * q.x + q.y * q.y + q.z * q.z);
  p[i] = q;
}

__global__ void blend(int n, const float *a, const float *b, float *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float t = smoothstep(0.0f, 1.0f, (float)i / n);
    out[i] = lerp(a[i], b[i], t);
  }
}

__global__ void bits(int n, const unsigned *in, int *pop, int *lead) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    pop[i] = __popc(in[i]);
    lead[i] = __clz((int)in[i]);
  }
}

__global__ void polyval(int n, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i], acc = 0.0f;
  for (int k = 8; k >= 0; k--) acc = acc * v + c_coeffs[k];
  y[i] = acc;
}

__global__ void classify(int n, const float *x, int *cls) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  int c;
  switch ((int)floorf(v * 4.0f)) {
  case 0: c = 10; break;
  case 1: c = 11; break;
  case 2:
  case 3: c = 12; break;
  default: c = v < 0.0f ? -1 : 99;
  }
  cls[i] = c;
}

__global__ void softplus(int n, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = logf(1.0f + expf(x[i]));
}

__global__ void count_marked(int n, const int *flags) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i == 0) {
    int c = 0;
    for (int k = 0; k < n; k++) c += flags[k] != 0;
    d_counter = c;
  }
}

__global__ void matmul_naive(int n, const float *a, const float *b, float *c) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= n || col >= n) return;
  float acc = 0.0f;
  for (int k = 0; k < n; k++) acc += a[row * n + k] * b[k * n + col];
  c[row * n + col] = acc;
}

__global__ void mandel(int w, int h, int max_iter, int *out) {
  int px = blockIdx.x * blockDim.x + threadIdx.x;
  int py = blockIdx.y * blockDim.y + threadIdx.y;
  if (px >= w || py >= h) return;
  float cx = -2.0f + 3.0f * px / w, cy = -1.5f + 3.0f * py / h;
  float zx = 0.0f, zy = 0.0f;
  int it = 0;
  while (it < max_iter && zx * zx + zy * zy < 4.0f) {
    float t = zx * zx - zy * zy + cx;
    zy = 2.0f * zx * zy + cy;
    zx = t;
    ++it;
  }
  out[py * w + px] = it;
}

__global__ void row_sums(int rows, int cols, const double *m, double *sums) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  double s = 0.0;
  const double *p = m + (long long)r * cols;
  while (p < m + (long long)(r + 1) * cols) s += *p++;
  sums[r] = s;
}

__global__ void gelu(int n, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = x[i];
    y[i] = 0.5f * v * (1.0f + tanhf(0.7978845608f * (v + 0.044715f * v * v * v)));
  }
}

static float frand(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return (*s >> 8) / 16777216.0f;
}

int main() {
  float *x, *y, *hx = (float *)malloc(N * sizeof(float));
  float *hy = (float *)malloc(N * sizeof(float));
  unsigned seed = 1;
  for (int i = 0; i < N; i++) { hx[i] = frand(&seed); hy[i] = frand(&seed); }
  CHECK_CUDA(cudaMalloc(&x, N * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&y, N * sizeof(float)));
  CHECK_CUDA(cudaMemcpy(x, hx, N * sizeof(float), cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(y, hy, N * sizeof(float), cudaMemcpyHostToDevice));
  saxpy<<<(N + 255) / 256, 256>>>(N, 2.0f, x, y);
  float *out = (float *)malloc(N * sizeof(float));
  CHECK_CUDA(cudaMemcpy(out, y, N * sizeof(float), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int i = 0; i < N; i++)
    if (out[i] != 2.0f * hx[i] + hy[i]) bad++;
  float coeffs[9] = {1, 2, 3, 4, 5, 4, 3, 2, 1};
  CHECK_CUDA(cudaMemcpyToSymbol(c_coeffs, coeffs, sizeof coeffs));
  polyval<<<(N + 255) / 256, 256>>>(N, x, y);
  CHECK_CUDA(cudaMemcpy(out, y, N * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < N; i += 97) {
    float acc = 0.0f;
    for (int k = 8; k >= 0; k--) acc = acc * hx[i] + coeffs[k];
    if (fabsf(acc - out[i]) > 1e-4f * fabsf(acc)) bad++;
  }
  int *cls;
  CHECK_CUDA(cudaMalloc(&cls, N * sizeof(int)));
  classify<<<(N + 255) / 256, 256>>>(N, x, cls);
  count_marked<<<1, 32>>>(N, cls);
  int counted = 0;
  CHECK_CUDA(cudaMemcpyFromSymbol(&counted, d_counter, sizeof(int)));
  if (counted != N) bad++;
  printf("kernels200: %s\n", bad ? "FAILED" : "ok");
  CHECK_CUDA(cudaFree(x));
  CHECK_CUDA(cudaFree(y));
  CHECK_CUDA(cudaFree(cls));
  free(hx); free(hy); free(out);
  return bad != 0;
}
