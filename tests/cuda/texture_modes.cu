// texture_modes: 2D texture objects over a cudaArray in every address mode
// (wrap, clamp, mirror, border), normalized and unnormalized coordinates,
// point and linear filtering, float and uchar4 (read as normalized float
// and as elements) textures, against a host reference that computes as an
// H100 does (docs/textures.md): u - 0.5 rounded to 1/256 of a texel, the
// corner weight products rounded to 1/256, 8-bit normalized texels
// filtered as 16-bit integers.
// Also tex1D on a 1D array, the out-parameter form, the descriptors read
// back, and the runtime's error codes for bad arguments.
#include <string.h>
#include "check.h"

#define W 5
#define H 4
#define NPTS 12

__global__ void sample_f(cudaTextureObject_t t, const float2 *xy, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex2D<float>(t, xy[i].x, xy[i].y);
}

__global__ void sample_f4(cudaTextureObject_t t, const float2 *xy, float4 *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) tex2D(&out[i], t, xy[i].x, xy[i].y);  // out-parameter form
}

__global__ void sample_u4(cudaTextureObject_t t, const float2 *xy, uchar4 *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex2D<uchar4>(t, xy[i].x, xy[i].y);
}

__global__ void sample_1d(cudaTextureObject_t t, const float *x, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex1D<float>(t, x[i]);
}

// ---- host reference, in the GPU's float arithmetic ----
static int ref_address(int i, int n, int mode) {
  if (mode == cudaAddressModeWrap) return ((i % n) + n) % n;
  if (mode == cudaAddressModeMirror) {
    int m = ((i % (2 * n)) + 2 * n) % (2 * n);
    return m >= n ? 2 * n - 1 - m : m;
  }
  if (mode == cudaAddressModeBorder) return i < 0 || i >= n ? -1 : i;
  return i < 0 ? 0 : (i >= n ? n - 1 : i);
}

// u (less 0.5) split into texel *i and weight (1/256) of texel *i + 1
static int ref_split(float u, int *i) {
  double s = floor((double)u * 256.0 + 0.5);
  *i = (int)floor(s / 256.0);
  return (int)(s - *i * 256.0);
}

// channel c of texel (i, j) under mode, border colour b
typedef float (*Texel)(int i, int j, int c);
static float ref_point(Texel tx, int i, int j, int c, int mode, const float *b) {
  int a = ref_address(i, W, mode), d = ref_address(j, H, mode);
  return a < 0 || d < 0 ? b[c] : tx(a, d, c);
}

// unorm: an unsigned normalized format, filtered as 16-bit integers
static float ref_sample(Texel tx, float x, float y, int c, int mode, int norm, int linear,
                        const float *border, int unorm) {
  if (!norm && (mode == cudaAddressModeWrap || mode == cudaAddressModeMirror))
    mode = cudaAddressModeClamp;  // CUDA: wrap and mirror need normalized coordinates
  float u = norm ? x * (float)W : x, v = norm ? y * (float)H : y;
  if (!linear) return ref_point(tx, (int)floorf(u), (int)floorf(v), c, mode, border);
  int i, j, a = ref_split(u - 0.5f, &i), b = ref_split(v - 0.5f, &j), q[4];
  q[3] = (a * b + 128) >> 8;  // the product weight, rounded; the others what is left
  q[1] = a - q[3];
  q[2] = b - q[3];
  q[0] = 256 - a - b + q[3];
  double acc = 0;
  for (int n = 0; n < 4; n++) {
    float t = ref_point(tx, i + (n & 1), j + (n >> 1), c, mode, border);
    acc += q[n] * (unorm ? floor(t * 65535.0 + 0.5) : (double)t);
  }
  if (unorm) return (float)floor(acc / 256.0 + 0.5) / 65535.0f;
  return (float)(acc / 256.0);
}

static float host_f[H][W];
static unsigned char host_u4[H][W][4];
static float texel_f(int i, int j, int c) { return c == 0 ? host_f[j][i] : 0.0f; }
static float texel_u4(int i, int j, int c) { return host_u4[j][i][c] / 255.0f; }

static const float pts[NPTS][2] = {
    {-1.3f, 0.2f}, {-0.2f, -0.7f}, {0.0f, 0.0f},  {0.37f, 1.2f},   {1.5f, 1.5f},   {2.71f, 3.05f},
    {4.9f, 3.99f}, {5.0f, 4.0f},   {5.6f, 4.3f},  {7.2f, -2.6f},   {12.45f, 9.1f}, {2.2f, 2.83f}};

static cudaTextureObject_t make_tex(cudaArray_t arr, int mode, int norm, int linear,
                                    cudaTextureReadMode rm, const float *border) {
  cudaResourceDesc r;
  memset(&r, 0, sizeof r);
  r.resType = cudaResourceTypeArray;
  r.res.array.array = arr;
  cudaTextureDesc d;
  memset(&d, 0, sizeof d);
  d.addressMode[0] = d.addressMode[1] = (cudaTextureAddressMode)mode;
  d.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
  d.readMode = rm;
  d.normalizedCoords = norm;
  for (int c = 0; c < 4; c++) d.borderColor[c] = border[c];
  cudaTextureObject_t t = 0;
  CHECK_CUDA(cudaCreateTextureObject(&t, &r, &d, NULL));
  return t;
}

static void coords(int norm, float2 *xy) {
  for (int p = 0; p < NPTS; p++) {
    xy[p].x = norm ? pts[p][0] / (float)W : pts[p][0];
    xy[p].y = norm ? pts[p][1] / (float)H : pts[p][1];
  }
}

static void test_float_modes(float2 *d_xy) {
  for (int j = 0; j < H; j++)
    for (int i = 0; i < W; i++) host_f[j][i] = (float)((i * 7 + j * 13) % 11) * 10.0f - 20.0f;
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
  cudaArray_t arr;
  CHECK_CUDA(cudaMallocArray(&arr, &cd, W, H));
  CHECK_CUDA(cudaMemcpy2DToArray(arr, 0, 0, host_f, W * sizeof(float), W * sizeof(float), H,
                                 cudaMemcpyHostToDevice));
  float *d_out;
  CHECK_CUDA(cudaMalloc(&d_out, NPTS * sizeof(float)));
  const float border[4] = {7.5f, 0, 0, 0};
  for (int mode = 0; mode < 4; mode++)
    for (int norm = 0; norm < 2; norm++)
      for (int linear = 0; linear < 2; linear++) {
        float2 xy[NPTS];
        coords(norm, xy);
        CHECK_CUDA(cudaMemcpy(d_xy, xy, sizeof xy, cudaMemcpyHostToDevice));
        cudaTextureObject_t t = make_tex(arr, mode, norm, linear, cudaReadModeElementType, border);
        sample_f<<<1, 32>>>(t, d_xy, d_out, NPTS);
        float out[NPTS];
        CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
        for (int p = 0; p < NPTS; p++) {
          float want = ref_sample(texel_f, xy[p].x, xy[p].y, 0, mode, norm, linear, border, 0);
          if (fabsf(want - out[p]) > 1e-4f)
            printf("float mode %d norm %d linear %d point %d (%g, %g): ", mode, norm, linear, p,
                   xy[p].x, xy[p].y);
          CHECK_NEAR(want, out[p], 1e-4);
        }
        CHECK_CUDA(cudaDestroyTextureObject(t));
      }
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFreeArray(arr));
}

static void test_uchar4_modes(float2 *d_xy) {
  for (int j = 0; j < H; j++)
    for (int i = 0; i < W; i++)
      for (int c = 0; c < 4; c++) host_u4[j][i][c] = (unsigned char)((i * 53 + j * 97 + c * 31) % 256);
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<uchar4>();
  CHECK(8, cd.x);
  CHECK(8, cd.w);
  CHECK(cudaChannelFormatKindUnsigned, cd.f);
  cudaArray_t arr;
  CHECK_CUDA(cudaMallocArray(&arr, &cd, W, H));
  CHECK_CUDA(cudaMemcpyToArray(arr, 0, 0, host_u4, sizeof host_u4, cudaMemcpyHostToDevice));
  float4 *d_out;
  uchar4 *d_u;
  CHECK_CUDA(cudaMalloc(&d_out, NPTS * sizeof(float4)));
  CHECK_CUDA(cudaMalloc(&d_u, NPTS * sizeof(uchar4)));
  const float border[4] = {0.25f, 0.5f, 0.75f, 1.0f};
  for (int mode = 0; mode < 4; mode++)
    for (int norm = 0; norm < 2; norm++) {
      float2 xy[NPTS];
      coords(norm, xy);
      CHECK_CUDA(cudaMemcpy(d_xy, xy, sizeof xy, cudaMemcpyHostToDevice));
      for (int linear = 0; linear < 2; linear++) {
        cudaTextureObject_t t =
            make_tex(arr, mode, norm, linear, cudaReadModeNormalizedFloat, border);
        sample_f4<<<1, 32>>>(t, d_xy, d_out, NPTS);
        float4 out[NPTS];
        CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
        for (int p = 0; p < NPTS; p++) {
          const float got[4] = {out[p].x, out[p].y, out[p].z, out[p].w};
          for (int c = 0; c < 4; c++)
            CHECK_NEAR(ref_sample(texel_u4, xy[p].x, xy[p].y, c, mode, norm, linear, border, 1),
                       got[c], 0);
        }
        CHECK_CUDA(cudaDestroyTextureObject(t));
      }
      // element type: the bytes themselves (point filtering)
      const float zero[4] = {0, 0, 0, 0};
      cudaTextureObject_t t = make_tex(arr, mode, norm, 0, cudaReadModeElementType, zero);
      sample_u4<<<1, 32>>>(t, d_xy, d_u, NPTS);
      uchar4 u[NPTS];
      CHECK_CUDA(cudaMemcpy(u, d_u, sizeof u, cudaMemcpyDeviceToHost));
      for (int p = 0; p < NPTS; p++) {
        float want = ref_sample(texel_u4, xy[p].x, xy[p].y, 0, mode, norm, 0, zero, 1);
        CHECK((int)floorf(want * 255.0f + 0.5f), u[p].x);
        want = ref_sample(texel_u4, xy[p].x, xy[p].y, 3, mode, norm, 0, zero, 1);
        CHECK((int)floorf(want * 255.0f + 0.5f), u[p].w);
      }
      CHECK_CUDA(cudaDestroyTextureObject(t));
    }
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFree(d_u));
  CHECK_CUDA(cudaFreeArray(arr));
}

// tex1D on a 1D array: linear filtering between 0 and 100 shows the 1.8
// fixed-point weight (x = 0.8: frac 0.3 -> 77/256, so 30.078125, not 30)
static void test_1d(void) {
  const float data[3] = {0.0f, 100.0f, 50.0f};
  cudaChannelFormatDesc cd = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
  cudaArray_t arr;
  CHECK_CUDA(cudaMallocArray(&arr, &cd, 3));
  CHECK_CUDA(cudaMemcpyToArray(arr, 0, 0, data, sizeof data, cudaMemcpyHostToDevice));
  cudaChannelFormatDesc got_cd;
  cudaExtent ext;
  unsigned flags = 99;
  CHECK_CUDA(cudaArrayGetInfo(&got_cd, &ext, &flags, arr));
  CHECK(32, got_cd.x);
  CHECK(3, ext.width);
  CHECK(0, ext.height);
  CHECK(0, flags);
  const float border[4] = {0, 0, 0, 0};
  cudaTextureObject_t t = make_tex(arr, cudaAddressModeClamp, 0, 1, cudaReadModeElementType, border);
  const float xs[4] = {0.8f, 1.5f, 2.0f, 3.9f};
  float *d_x, *d_out, out[4];
  CHECK_CUDA(cudaMalloc(&d_x, sizeof xs));
  CHECK_CUDA(cudaMalloc(&d_out, sizeof out));
  CHECK_CUDA(cudaMemcpy(d_x, xs, sizeof xs, cudaMemcpyHostToDevice));
  sample_1d<<<1, 4>>>(t, d_x, d_out, 4);
  CHECK_CUDA(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
  CHECK_NEAR(30.078125, out[0], 1e-5);
  CHECK_NEAR(100.0, out[1], 1e-5);
  CHECK_NEAR(75.0, out[2], 1e-5);
  CHECK_NEAR(50.0, out[3], 1e-5);
  cudaTextureDesc td;
  CHECK_CUDA(cudaGetTextureObjectTextureDesc(&td, t));
  CHECK(cudaFilterModeLinear, td.filterMode);
  cudaResourceDesc rd;
  CHECK_CUDA(cudaGetTextureObjectResourceDesc(&rd, t));
  CHECK(1, rd.res.array.array == arr);
  CHECK_CUDA(cudaDestroyTextureObject(t));
  CHECK_CUDA(cudaFree(d_x));
  CHECK_CUDA(cudaFree(d_out));
  CHECK_CUDA(cudaFreeArray(arr));
}

static void test_errors(void) {
  cudaArray_t arr;
  cudaChannelFormatDesc three = cudaCreateChannelDesc(32, 32, 32, 0, cudaChannelFormatKindFloat);
  CHECK(cudaErrorInvalidChannelDescriptor, cudaMallocArray(&arr, &three, 4, 4));
  cudaChannelFormatDesc u8 = cudaCreateChannelDesc<unsigned char>();
  CHECK(cudaErrorInvalidValue, cudaMallocArray(&arr, &u8, 0, 4));
  CHECK(cudaErrorInvalidValue, cudaMallocArray(NULL, &u8, 4, 4));
  CHECK_CUDA(cudaMallocArray(&arr, &u8, 4, 4));
  unsigned char big[32] = {0};
  CHECK(cudaErrorInvalidValue, cudaMemcpyToArray(arr, 0, 0, big, sizeof big, cudaMemcpyHostToDevice));
  CHECK(cudaErrorInvalidValue,
        cudaMemcpy2DToArray(arr, 2, 0, big, 4, 4, 4, cudaMemcpyHostToDevice));
  cudaResourceDesc r;
  memset(&r, 0, sizeof r);
  r.resType = cudaResourceTypeArray;
  r.res.array.array = arr;
  cudaTextureDesc d;
  memset(&d, 0, sizeof d);
  d.filterMode = cudaFilterModeLinear;  // on integers read as elements
  cudaTextureObject_t t;
  CHECK(cudaErrorInvalidFilterSetting, cudaCreateTextureObject(&t, &r, &d, NULL));
  d.filterMode = cudaFilterModePoint;
  CHECK(cudaErrorInvalidValue, cudaCreateTextureObject(&t, &r, NULL, NULL));
  CHECK(cudaErrorInvalidValue, cudaCreateTextureObject(NULL, &r, &d, NULL));
  cudaSurfaceObject_t s;  // not created with cudaArraySurfaceLoadStore
  CHECK(cudaErrorInvalidValue, cudaCreateSurfaceObject(&s, &r));
  // an unknown handle: CUDA does not check it (an H100 answers cudaSuccess
  // for one already destroyed), and neither does cuwa
  CHECK(cudaSuccess, cudaDestroyTextureObject(12345));
  cudaGetLastError();
  CHECK_CUDA(cudaFreeArray(arr));
  CHECK(cudaErrorInvalidValue, cudaFreeArray(arr));
  cudaGetLastError();
}

int main(void) {
  float2 *d_xy;
  CHECK_CUDA(cudaMalloc(&d_xy, NPTS * sizeof(float2)));
  test_float_modes(d_xy);
  test_uchar4_modes(d_xy);
  test_1d();
  test_errors();
  CHECK_CUDA(cudaFree(d_xy));
  return check_done("texture_modes");
}
