// texture_layered: 1D and 2D layered arrays (cudaMalloc3DArray with
// cudaArrayLayered, filled with cudaMemcpy3D) read with tex1DLayered and
// tex2DLayered: linear filtering within a layer, never across layers, and
// a layer index out of range clamped; a cubemap read with texCubemap along
// each axis; cudaMemcpy3D back out of the array.
#include <string.h>
#include "check.h"

#define W 6
#define H 3
#define L 4

__global__ void read2d(cudaTextureObject_t t, float *out) {
  int layer = blockIdx.x, i = threadIdx.x;  // one (x, y) per thread
  float x = 0.25f + 0.5f * (float)(i % 12), y = 0.75f * (float)(i / 12);
  out[layer * 48 + i] = tex2DLayered<float>(t, x, y, layer);
}

__global__ void read1d(cudaTextureObject_t t, float *out) {
  int i = threadIdx.x;
  float v;
  tex1DLayered(&v, t, 1.3f, i - 1);  // layers -1 .. L: clamped as unsigned
  out[i] = v;
}

__global__ void read_cube(cudaTextureObject_t t, float *out) {
  const float d[6][3] = {{1, 0.1f, 0.2f}, {-1, 0.1f, 0.2f}, {0.1f, 1, 0.2f},
                         {0.1f, -1, 0.2f}, {0.1f, 0.2f, 1}, {0.1f, 0.2f, -1}};
  int i = threadIdx.x;
  out[i] = texCubemap<float>(t, d[i][0], d[i][1], d[i][2]);
}

static float host[L][H][W];

static float texel(int l, int j, int i) {
  i = i < 0 ? 0 : (i >= W ? W - 1 : i);
  j = j < 0 ? 0 : (j >= H ? H - 1 : j);
  return host[l][j][i];
}

static float weight(float f) { return floorf(f * 256.0f + 0.5f) / 256.0f; }

static cudaTextureObject_t make(cudaArray_t a, int linear, int norm) {
  cudaResourceDesc r;
  memset(&r, 0, sizeof r);
  r.resType = cudaResourceTypeArray;
  r.res.array.array = a;
  cudaTextureDesc d;
  memset(&d, 0, sizeof d);
  d.addressMode[0] = d.addressMode[1] = cudaAddressModeClamp;
  d.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
  d.normalizedCoords = norm;
  cudaTextureObject_t t;
  CHECK_CUDA(cudaCreateTextureObject(&t, &r, &d, NULL));
  return t;
}

static void test_2d_layered(void) {
  for (int l = 0; l < L; l++)
    for (int j = 0; j < H; j++)
      for (int i = 0; i < W; i++) host[l][j][i] = (float)(l * 100 + j * 10 + i);
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
  cudaArray_t a;
  CHECK_CUDA(cudaMalloc3DArray(&a, &cd, make_cudaExtent(W, H, L), cudaArrayLayered));
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcPtr = make_cudaPitchedPtr(host, W * sizeof(float), W, H);
  p.dstArray = a;
  p.extent = make_cudaExtent(W, H, L);
  p.kind = cudaMemcpyHostToDevice;
  CHECK_CUDA(cudaMemcpy3D(&p));
  cudaTextureObject_t t = make(a, 1, 0);
  float *d_out, out[L * 48];
  CHECK_CUDA(cudaMalloc(&d_out, sizeof out));
  read2d<<<L, 48>>>(t, d_out);
  CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
  for (int l = 0; l < L; l++)
    for (int n = 0; n < 48; n++) {
      float x = 0.25f + 0.5f * (float)(n % 12) - 0.5f, y = 0.75f * (float)(n / 12) - 0.5f;
      float fx = floorf(x), fy = floorf(y);
      float a = weight(x - fx), b = weight(y - fy);
      int i = (int)fx, j = (int)fy;
      float want = (1 - a) * (1 - b) * texel(l, j, i) + a * (1 - b) * texel(l, j, i + 1) +
                   (1 - a) * b * texel(l, j + 1, i) + a * b * texel(l, j + 1, i + 1);
      CHECK_NEAR(want, out[l * 48 + n], 1e-3);
    }
  // and back out through cudaMemcpy3D (array -> host), layers 1..2 only
  static float back[2][H][W];
  memset(&p, 0, sizeof p);
  p.srcArray = a;
  p.srcPos = make_cudaPos(0, 0, 1);
  p.dstPtr = make_cudaPitchedPtr(back, W * sizeof(float), W, H);
  p.extent = make_cudaExtent(W, H, 2);
  p.kind = cudaMemcpyDeviceToHost;
  CHECK_CUDA(cudaMemcpy3D(&p));
  CHECK_NEAR(host[1][2][5], back[0][2][5], 0);
  CHECK_NEAR(host[2][1][3], back[1][1][3], 0);
  p.srcPos = make_cudaPos(0, 0, 3);  // layers 3..4: beyond the array
  CHECK(cudaErrorInvalidValue, cudaMemcpy3D(&p));
  cudaGetLastError();
  unsigned flags;
  cudaExtent e;
  CHECK_CUDA(cudaArrayGetInfo(NULL, &e, &flags, a));
  CHECK(cudaArrayLayered, flags);
  CHECK(L, e.depth);
  CHECK_CUDA(cudaDestroyTextureObject(t));
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFreeArray(a));
}

static void test_1d_layered(void) {
  float data[L][W];
  for (int l = 0; l < L; l++)
    for (int i = 0; i < W; i++) data[l][i] = (float)(l * 10 + i);
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
  cudaArray_t a;
  CHECK_CUDA(cudaMalloc3DArray(&a, &cd, make_cudaExtent(W, 0, L), cudaArrayLayered));
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcPtr = make_cudaPitchedPtr(data, W * sizeof(float), W, 1);
  p.dstArray = a;
  p.extent = make_cudaExtent(W, 1, L);
  p.kind = cudaMemcpyHostToDevice;
  CHECK_CUDA(cudaMemcpy3D(&p));
  cudaTextureObject_t t = make(a, 0, 0);
  float *d_out, out[L + 2];
  CHECK_CUDA(cudaMalloc(&d_out, sizeof out));
  read1d<<<1, L + 2>>>(t, d_out);
  CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
  // layer -1 -> L-1: the layer index is clamped as an unsigned number (H100)
  CHECK_NEAR((L - 1) * 10 + 1, out[0], 0);
  for (int l = 0; l < L; l++) CHECK_NEAR(l * 10 + 1, out[l + 1], 0);
  CHECK_NEAR((L - 1) * 10 + 1, out[L + 1], 0);  // layer L -> L-1
  CHECK_CUDA(cudaDestroyTextureObject(t));
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFreeArray(a));
}

// a 4x4 cubemap whose face f holds f * 10 + texel index: each axis
// direction reads its face at the texel the guide's table gives
static void test_cubemap(void) {
  const int N = 4;
  float faces[6][4][4];
  for (int f = 0; f < 6; f++)
    for (int j = 0; j < N; j++)
      for (int i = 0; i < N; i++) faces[f][j][i] = (float)(f * 100 + j * N + i);
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
  cudaArray_t a;
  CHECK_CUDA(cudaMalloc3DArray(&a, &cd, make_cudaExtent(N, N, 6), cudaArrayCubemap));
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcPtr = make_cudaPitchedPtr(faces, N * sizeof(float), N, N);
  p.dstArray = a;
  p.extent = make_cudaExtent(N, N, 6);
  p.kind = cudaMemcpyHostToDevice;
  CHECK_CUDA(cudaMemcpy3D(&p));
  cudaTextureObject_t t = make(a, 0, 1);
  float *d_out, out[6];
  CHECK_CUDA(cudaMalloc(&d_out, sizeof out));
  read_cube<<<1, 6>>>(t, d_out);
  CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
  // (s, t) per face from the table; u = (s + 1) / 2 * N
  const float st[6][2] = {{-0.2f, -0.1f}, {0.2f, -0.1f}, {0.1f, 0.2f},
                          {0.1f, -0.2f},  {0.1f, -0.2f}, {-0.1f, -0.2f}};
  for (int f = 0; f < 6; f++) {
    int i = (int)floorf((st[f][0] + 1.0f) * 0.5f * N), j = (int)floorf((st[f][1] + 1.0f) * 0.5f * N);
    CHECK_NEAR(faces[f][j][i], out[f], 0);
  }
  cudaArray_t bad;
  CHECK(cudaErrorInvalidValue, cudaMalloc3DArray(&bad, &cd, make_cudaExtent(4, 5, 6), cudaArrayCubemap));
  cudaGetLastError();
  CHECK_CUDA(cudaDestroyTextureObject(t));
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFreeArray(a));
}

int main(void) {
  test_2d_layered();
  test_1d_layered();
  test_cubemap();
  return check_done("texture_layered");
}
