// texture_linear_pitch: texture objects over plain device memory:
// tex1Dfetch on cudaResourceTypeLinear (float, int read as elements,
// signed and unsigned bytes read as normalized floats, 16-bit floats,
// zero outside the range) and tex2D on cudaResourceTypePitch2D memory
// from cudaMallocPitch (point and bilinear, normalized coordinates).
#include <string.h>
#include "check.h"

#define N 40
#define W 7
#define H 5

__global__ void fetch_all(cudaTextureObject_t tf, cudaTextureObject_t ti, cudaTextureObject_t tu8,
                          cudaTextureObject_t ts8, cudaTextureObject_t th, float *f, int *iv,
                          float4 *u8, float2 *s8, float *h) {
  int i = threadIdx.x - 2;  // -2 .. N+1: out of range at both ends
  int k = threadIdx.x;
  f[k] = tex1Dfetch<float>(tf, i);
  tex1Dfetch(&iv[k], ti, i);
  u8[k] = tex1Dfetch<float4>(tu8, i);
  s8[k] = tex1Dfetch<float2>(ts8, i);
  h[k] = tex1Dfetch<float>(th, i);
}

__global__ void sample_pitch(cudaTextureObject_t t, float *out, int norm) {
  int i = threadIdx.x;
  float x = -0.6f + 0.29f * (float)i, y = 0.4f + 0.17f * (float)i;
  if (norm) {
    x /= (float)W;
    y /= (float)H;
  }
  out[i] = tex2D<float>(t, x, y);
}

static cudaTextureObject_t linear_tex(void *p, cudaChannelFormatDesc cd, size_t bytes,
                                      cudaTextureReadMode rm) {
  cudaResourceDesc r;
  memset(&r, 0, sizeof r);
  r.resType = cudaResourceTypeLinear;
  r.res.linear.devPtr = p;
  r.res.linear.desc = cd;
  r.res.linear.sizeInBytes = bytes;
  cudaTextureDesc d;
  memset(&d, 0, sizeof d);
  d.readMode = rm;
  cudaTextureObject_t t;
  CHECK_CUDA(cudaCreateTextureObject(&t, &r, &d, NULL));
  return t;
}

static unsigned short to_half(float f) {  // exact for the values used here
  unsigned u;
  memcpy(&u, &f, 4);
  unsigned sign = (u >> 16) & 0x8000u, e = (u >> 23) & 0xffu, m = u & 0x7fffffu;
  if (e == 0) return (unsigned short)sign;
  return (unsigned short)(sign | ((e - 112u) << 10) | (m >> 13));
}

static void test_linear(void) {
  float hf[N];
  int hi[N];
  unsigned char hu[N][4];
  signed char hs[N][2];
  unsigned short hh[N];
  for (int i = 0; i < N; i++) {
    hf[i] = 1.5f * (float)i - 7.0f;
    hi[i] = i * 1000 - 20000;
    for (int c = 0; c < 4; c++) hu[i][c] = (unsigned char)(i * 6 + c * 50);
    hs[i][0] = (signed char)(i * 7 - 128);  // -128 reads as -1
    hs[i][1] = (signed char)(127 - i * 3);
    hh[i] = to_half(0.25f * (float)i - 3.0f);
  }
  float *df;
  int *di;
  unsigned char *du;
  signed char *ds;
  unsigned short *dh;
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  CHECK_CUDA(cudaMalloc(&du, sizeof hu));
  CHECK_CUDA(cudaMalloc(&ds, sizeof hs));
  CHECK_CUDA(cudaMalloc(&dh, sizeof hh));
  CHECK_CUDA(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(du, hu, sizeof hu, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(ds, hs, sizeof hs, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dh, hh, sizeof hh, cudaMemcpyHostToDevice));
  cudaTextureObject_t tf = linear_tex(df, cudaCreateChannelDesc<float>(), sizeof hf, cudaReadModeElementType);
  cudaTextureObject_t ti = linear_tex(di, cudaCreateChannelDesc<int>(), sizeof hi, cudaReadModeElementType);
  cudaTextureObject_t tu = linear_tex(du, cudaCreateChannelDesc<uchar4>(), sizeof hu, cudaReadModeNormalizedFloat);
  cudaTextureObject_t ts = linear_tex(ds, cudaCreateChannelDesc<char2>(), sizeof hs, cudaReadModeNormalizedFloat);
  cudaTextureObject_t th = linear_tex(dh, cudaCreateChannelDescHalf(), sizeof hh, cudaReadModeElementType);
  const int M = N + 4;
  float *of, *oh;
  int *oi;
  float4 *ou;
  float2 *os;
  CHECK_CUDA(cudaMalloc(&of, M * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&oi, M * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&ou, M * sizeof(float4)));
  CHECK_CUDA(cudaMalloc(&os, M * sizeof(float2)));
  CHECK_CUDA(cudaMalloc(&oh, M * sizeof(float)));
  fetch_all<<<1, M>>>(tf, ti, tu, ts, th, of, oi, ou, os, oh);
  float rf[M], rh[M];
  int ri[M];
  float4 ru[M];
  float2 rs[M];
  CHECK_CUDA(cudaMemcpy(rf, of, sizeof rf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(ri, oi, sizeof ri, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(ru, ou, sizeof ru, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(rs, os, sizeof rs, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(rh, oh, sizeof rh, cudaMemcpyDeviceToHost));
  for (int k = 0; k < M; k++) {
    int i = k - 2;
    int in = i >= 0 && i < N;
    CHECK_NEAR(in ? hf[i] : 0.0f, rf[k], 0);
    CHECK(in ? hi[i] : 0, ri[k]);
    CHECK_NEAR(in ? hu[i][0] / 255.0f : 0.0f, ru[k].x, 2e-7);  // webgpu: WGSL division is not correctly rounded
    CHECK_NEAR(in ? hu[i][3] / 255.0f : 0.0f, ru[k].w, 2e-7);
    float s0 = in ? fmaxf(-1.0f, hs[i][0] / 127.0f) : 0.0f;
    CHECK_NEAR(s0, rs[k].x, 2e-7);
    CHECK_NEAR(in ? hs[i][1] / 127.0f : 0.0f, rs[k].y, 2e-7);
    CHECK_NEAR(in ? 0.25f * (float)i - 3.0f : 0.0f, rh[k], 0);
  }
  cudaTextureObject_t all[5] = {tf, ti, tu, ts, th};
  for (int t = 0; t < 5; t++) CHECK_CUDA(cudaDestroyTextureObject(all[t]));
  void *bufs[10] = {df, di, du, ds, dh, of, oi, ou, os, oh};
  for (int b = 0; b < 10; b++) CHECK_CUDA(cudaFree(bufs[b]));
}

// u (less 0.5) split into texel *i and weight (1/256) of texel *i + 1,
// rounded to nearest as an H100 does (docs/textures.md)
static int split(float u, int *i) {
  float s = floorf(u * 256.0f + 0.5f);  // exact: |u| < 2^15
  *i = (int)floorf(s / 256.0f);
  return (int)(s - (float)*i * 256.0f);
}

static void test_pitch2d(void) {
  float host[H][W];
  for (int j = 0; j < H; j++)
    for (int i = 0; i < W; i++) host[j][i] = (float)((i * 5 + j * 3) % 7) * 8.0f;
  float *dev;
  size_t pitch;
  CHECK_CUDA(cudaMallocPitch(&dev, &pitch, W * sizeof(float), H));
  CHECK_CUDA(cudaMemcpy2D(dev, pitch, host, W * sizeof(float), W * sizeof(float), H,
                          cudaMemcpyHostToDevice));
  float *d_out, out[32];
  CHECK_CUDA(cudaMalloc(&d_out, sizeof out));
  for (int norm = 0; norm < 2; norm++)
    for (int linear = 0; linear < 2; linear++) {
      cudaResourceDesc r;
      memset(&r, 0, sizeof r);
      r.resType = cudaResourceTypePitch2D;
      r.res.pitch2D.devPtr = dev;
      r.res.pitch2D.desc = cudaCreateChannelDesc<float>();
      r.res.pitch2D.width = W;
      r.res.pitch2D.height = H;
      r.res.pitch2D.pitchInBytes = pitch;
      cudaTextureDesc d;
      memset(&d, 0, sizeof d);
      d.addressMode[0] = d.addressMode[1] = cudaAddressModeClamp;
      d.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
      d.normalizedCoords = norm;
      cudaTextureObject_t t;
      CHECK_CUDA(cudaCreateTextureObject(&t, &r, &d, NULL));
      sample_pitch<<<1, 32>>>(t, d_out, norm);
      CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
      for (int n = 0; n < 32; n++) {
        float x = -0.6f + 0.29f * (float)n, y = 0.4f + 0.17f * (float)n;
        if (norm) x = x / (float)W * (float)W, y = y / (float)H * (float)H;
        float want;
        if (!linear) {
          int i = (int)floorf(x), j = (int)floorf(y);
          i = i < 0 ? 0 : (i >= W ? W - 1 : i);
          j = j < 0 ? 0 : (j >= H ? H - 1 : j);
          want = host[j][i];
        } else {
          int fx, fy, a = split(x - 0.5f, &fx), b = split(y - 0.5f, &fy), q[4];
          q[3] = (a * b + 128) >> 8;  // the product weight rounded, the others what is left
          q[1] = a - q[3];
          q[2] = b - q[3];
          q[0] = 256 - a - b + q[3];
          want = 0;
          for (int c = 0; c < 4; c++) {
            int i = fx + (c & 1), j = fy + (c >> 1);
            i = i < 0 ? 0 : (i >= W ? W - 1 : i);
            j = j < 0 ? 0 : (j >= H ? H - 1 : j);
            want += (float)q[c] * host[j][i];
          }
          want *= 0.00390625f;
        }
        CHECK_NEAR(want, out[n], 1e-3);
      }
      CHECK_CUDA(cudaDestroyTextureObject(t));
    }
  // a pitch smaller than a row is refused
  cudaResourceDesc r;
  memset(&r, 0, sizeof r);
  r.resType = cudaResourceTypePitch2D;
  r.res.pitch2D.devPtr = dev;
  r.res.pitch2D.desc = cudaCreateChannelDesc<float>();
  r.res.pitch2D.width = W;
  r.res.pitch2D.height = H;
  r.res.pitch2D.pitchInBytes = 8;
  cudaTextureDesc d;
  memset(&d, 0, sizeof d);
  cudaTextureObject_t t;
  CHECK(cudaErrorInvalidPitchValue, cudaCreateTextureObject(&t, &r, &d, NULL));
  cudaGetLastError();
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFree(dev));
}

int main(void) {
  test_linear();
  test_pitch2d();
  return check_done("texture_linear_pitch");
}
