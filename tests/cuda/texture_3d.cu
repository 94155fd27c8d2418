// texture_3d: a 3D float2 array (cudaMalloc3DArray, cudaMemcpy3D from a
// cudaMalloc3D pitched block on the device) read with tex3D: trilinear
// filtering in clamp mode and point sampling with wrapped normalized
// coordinates, against a host reference of cuwa's rules (docs/textures.md).
#include <string.h>
#include "check.h"

#define W 5
#define H 4
#define D 3
#define N 64

__global__ void trilinear(cudaTextureObject_t t, const float4 *p, float2 *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex3D<float2>(t, p[i].x, p[i].y, p[i].z);
}

static float2 host[D][H][W];

static float texel(int k, int j, int i, int c, int wrap) {
  if (wrap) {
    i = ((i % W) + W) % W;
    j = ((j % H) + H) % H;
    k = ((k % D) + D) % D;
  } else {
    i = i < 0 ? 0 : (i >= W ? W - 1 : i);
    j = j < 0 ? 0 : (j >= H ? H - 1 : j);
    k = k < 0 ? 0 : (k >= D ? D - 1 : k);
  }
  return c ? host[k][j][i].y : host[k][j][i].x;
}

// u (less 0.5) split into texel *i and weight (1/256) of texel *i + 1
static int split(float u, int *i) {
  float s = floorf(u * 256.0f + 0.5f);  // exact: |u| < 2^15
  *i = (int)floorf(s / 256.0f);
  return (int)(s - (float)*i * 256.0f);
}

// cuwa's trilinear weights: the 2D ones of (a, b) (the product rounded,
// the others what is left; verified on an H100), each split by c the same
// way. An H100's 3D weights differ by up to one 1/256 step per axis from
// these (not pinned down yet), hence the tolerances below.
static float ref_linear(float x, float y, float z, int c) {
  int i, j, k, a = split(x - 0.5f, &i), b = split(y - 0.5f, &j), g = split(z - 0.5f, &k), q[8];
  q[3] = (a * b + 128) >> 8;
  q[1] = a - q[3];
  q[2] = b - q[3];
  q[0] = 256 - a - b + q[3];
  for (int m = 0; m < 4; m++) {
    q[m + 4] = (q[m] * g + 128) >> 8;
    q[m] -= q[m + 4];
  }
  float acc = 0;
  for (int n = 0; n < 8; n++) acc += (float)q[n] * texel(k + (n >> 2), j + ((n >> 1) & 1), i + (n & 1), c, 0);
  return acc * 0.00390625f;
}

static cudaTextureObject_t make(cudaArray_t a, int linear, int norm, cudaTextureAddressMode m) {
  cudaResourceDesc r;
  memset(&r, 0, sizeof r);
  r.resType = cudaResourceTypeArray;
  r.res.array.array = a;
  cudaTextureDesc d;
  memset(&d, 0, sizeof d);
  d.addressMode[0] = d.addressMode[1] = d.addressMode[2] = m;
  d.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
  d.normalizedCoords = norm;
  cudaTextureObject_t t;
  CHECK_CUDA(cudaCreateTextureObject(&t, &r, &d, NULL));
  return t;
}

int main(void) {
  for (int k = 0; k < D; k++)
    for (int j = 0; j < H; j++)
      for (int i = 0; i < W; i++) host[k][j][i] = make_float2((float)(k * 100 + j * 10 + i), (float)(i * j - k));
  // host -> pitched device block -> array (a device-to-device cudaMemcpy3D)
  cudaExtent bytes = make_cudaExtent(W * sizeof(float2), H, D);
  cudaPitchedPtr dev;
  CHECK_CUDA(cudaMalloc3D(&dev, bytes));
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcPtr = make_cudaPitchedPtr(host, W * sizeof(float2), W, H);
  p.dstPtr = dev;
  p.extent = bytes;
  p.kind = cudaMemcpyHostToDevice;
  CHECK_CUDA(cudaMemcpy3D(&p));
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<float2>();
  cudaArray_t a;
  CHECK_CUDA(cudaMalloc3DArray(&a, &cd, make_cudaExtent(W, H, D)));
  memset(&p, 0, sizeof p);
  p.srcPtr = dev;
  p.dstArray = a;
  p.extent = make_cudaExtent(W, H, D);  // elements of the array
  p.kind = cudaMemcpyDeviceToDevice;
  CHECK_CUDA(cudaMemcpy3D(&p));

  float4 pts[N];
  for (int n = 0; n < N; n++)
    pts[n] = make_float4(-0.7f + 0.11f * (float)n, 0.3f + 0.061f * (float)n,
                         -0.4f + 0.057f * (float)n, 0);
  float4 *d_p;
  float2 *d_out, out[N];
  CHECK_CUDA(cudaMalloc(&d_p, sizeof pts));
  CHECK_CUDA(cudaMalloc(&d_out, sizeof out));
  CHECK_CUDA(cudaMemcpy(d_p, pts, sizeof pts, cudaMemcpyHostToDevice));

  cudaTextureObject_t t = make(a, 1, 0, cudaAddressModeClamp);
  trilinear<<<2, 32>>>(t, d_p, d_out, N);
  CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
  for (int n = 0; n < N; n++) {
    // one weight step per axis: texels differ by 1, 10, 100 (.x), by < 5 (.y)
    CHECK_NEAR(ref_linear(pts[n].x, pts[n].y, pts[n].z, 0), out[n].x, 111.5 / 256);
    CHECK_NEAR(ref_linear(pts[n].x, pts[n].y, pts[n].z, 1), out[n].y, 5.5 / 256);
  }
  CHECK_CUDA(cudaDestroyTextureObject(t));

  // point sampling, normalized coordinates, wrap: the points scaled so
  // that they leave [0, 1) on every axis
  for (int n = 0; n < N; n++)
    pts[n] = make_float4(-1.1f + 0.05f * (float)n, 0.9f - 0.04f * (float)n, 0.13f * (float)n, 0);
  CHECK_CUDA(cudaMemcpy(d_p, pts, sizeof pts, cudaMemcpyHostToDevice));
  t = make(a, 0, 1, cudaAddressModeWrap);
  trilinear<<<2, 32>>>(t, d_p, d_out, N);
  CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
  for (int n = 0; n < N; n++) {
    int i = (int)floorf(pts[n].x * W), j = (int)floorf(pts[n].y * H), k = (int)floorf(pts[n].z * D);
    CHECK_NEAR(texel(k, j, i, 0, 1), out[n].x, 0);
    CHECK_NEAR(texel(k, j, i, 1, 1), out[n].y, 0);
  }
  CHECK_CUDA(cudaDestroyTextureObject(t));
  CHECK_CUDA(cudaFree(d_p));
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFree(dev.ptr));
  CHECK_CUDA(cudaFreeArray(a));
  return check_done("texture_3d");
}
