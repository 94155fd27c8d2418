// surface_rw: surface objects over arrays made with
// cudaArraySurfaceLoadStore: surf2Dwrite / surf2Dread of float and uchar4
// (byte x coordinates), surf1D, surf3D and surf2DLayered, the boundary
// modes Zero (reads 0, drops writes) and Clamp, a texture object reading
// what a surface wrote, and Trap failing the launch.
#include <string.h>
#include "check.h"

#define W 9
#define H 5

__global__ void write2d(cudaSurfaceObject_t s, cudaSurfaceObject_t s4) {
  int x = threadIdx.x, y = blockIdx.x;
  surf2Dwrite((float)(y * 100 + x), s, x * 4, y);
  surf2Dwrite(make_uchar4(x, y, x + y, 255), s4, x * (int)sizeof(uchar4), y);
  // out of range: dropped
  surf2Dwrite(-1.0f, s, (x + W) * 4, y, cudaBoundaryModeZero);
  surf2Dwrite(-1.0f, s, x * 4, y - H, cudaBoundaryModeZero);
}

__global__ void read2d(cudaSurfaceObject_t s, float *out, float *zero, float *clamp) {
  int x = threadIdx.x, y = blockIdx.x, k = y * W + x;
  out[k] = surf2Dread<float>(s, x * 4, y);
  surf2Dread(&zero[k], s, (x - 3) * 4, y + 2, cudaBoundaryModeZero);
  clamp[k] = surf2Dread<float>(s, (x - 3) * 4, y + 2, cudaBoundaryModeClamp);
}

__global__ void texread(cudaTextureObject_t t, float *out) {
  int x = threadIdx.x, y = blockIdx.x;
  out[y * W + x] = tex2D<float>(t, x + 0.5f, y + 0.5f) + 0.5f;
}

__global__ void rw_1d_3d_layered(cudaSurfaceObject_t s1, cudaSurfaceObject_t s3,
                                 cudaSurfaceObject_t sl) {
  int x = threadIdx.x, y = threadIdx.y, z = blockIdx.x;
  if (y == 0 && z == 0) surf1Dwrite((short)(x * 3 - 7), s1, x * 2);
  surf3Dwrite(make_int2(x + y * 10 + z * 100, -x), s3, x * 8, y, z);
  surf2DLayeredwrite(surf3Dread<int2>(s3, x * 8, y, z).x * 2, sl, x * 4, y, z);
}

__global__ void trap(cudaSurfaceObject_t s) { surf2Dwrite(1.0f, s, W * 4, 0); }

static cudaSurfaceObject_t surface(cudaArray_t a) {
  cudaResourceDesc r;
  memset(&r, 0, sizeof r);
  r.resType = cudaResourceTypeArray;
  r.res.array.array = a;
  cudaSurfaceObject_t s;
  CHECK_CUDA(cudaCreateSurfaceObject(&s, &r));
  return s;
}

int main(void) {
  cudaChannelFormatDesc cf = cudaCreateChannelDesc<float>(), c4 = cudaCreateChannelDesc<uchar4>();
  cudaArray_t af, a4;
  CHECK_CUDA(cudaMallocArray(&af, &cf, W, H, cudaArraySurfaceLoadStore));
  CHECK_CUDA(cudaMallocArray(&a4, &c4, W, H, cudaArraySurfaceLoadStore));
  cudaSurfaceObject_t sf = surface(af), s4 = surface(a4);
  write2d<<<H, W>>>(sf, s4);
  CHECK_CUDA(cudaGetLastError());
  float hf[H][W];
  uchar4 h4[H][W];
  CHECK_CUDA(cudaMemcpy2DFromArray(hf, W * 4, af, 0, 0, W * 4, H, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpyFromArray(h4, a4, 0, 0, sizeof h4, cudaMemcpyDeviceToHost));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      CHECK_NEAR(y * 100 + x, hf[y][x], 0);
      CHECK(x, h4[y][x].x);
      CHECK(x + y, h4[y][x].z);
      CHECK(255, h4[y][x].w);
    }

  float *d, out[3][H * W];
  CHECK_CUDA(cudaMalloc(&d, sizeof out));
  read2d<<<H, W>>>(sf, d, d + H * W, d + 2 * H * W);
  CHECK_CUDA(cudaMemcpy(out, d, sizeof out, cudaMemcpyDeviceToHost));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      int k = y * W + x, in = x >= 3 && y + 2 < H;
      int cx = x < 3 ? 0 : x - 3, cy = y + 2 >= H ? H - 1 : y + 2;
      CHECK_NEAR(y * 100 + x, out[0][k], 0);
      CHECK_NEAR(in ? (y + 2) * 100 + x - 3 : 0, out[1][k], 0);
      CHECK_NEAR(cy * 100 + cx, out[2][k], 0);
    }

  // a texture over the same array sees the surface's writes
  cudaResourceDesc r;
  CHECK_CUDA(cudaGetSurfaceObjectResourceDesc(&r, sf));
  CHECK(1, r.res.array.array == af);
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  cudaTextureObject_t t;
  CHECK_CUDA(cudaCreateTextureObject(&t, &r, &td, NULL));
  texread<<<H, W>>>(t, d);
  CHECK_CUDA(cudaMemcpy(out[0], d, sizeof out[0], cudaMemcpyDeviceToHost));
  for (int k = 0; k < H * W; k++) CHECK_NEAR(hf[k / W][k % W] + 0.5f, out[0][k], 0);
  CHECK_CUDA(cudaDestroyTextureObject(t));

  // 1D short, 3D int2, 2D layered int
  cudaChannelFormatDesc cs = cudaCreateChannelDesc<short>(), c2 = cudaCreateChannelDesc<int2>(),
                        ci = cudaCreateChannelDesc<int>();
  cudaArray_t a1, a3, al;
  CHECK_CUDA(cudaMallocArray(&a1, &cs, 8, 0, cudaArraySurfaceLoadStore));
  CHECK_CUDA(cudaMalloc3DArray(&a3, &c2, make_cudaExtent(4, 3, 2), cudaArraySurfaceLoadStore));
  CHECK_CUDA(cudaMalloc3DArray(&al, &ci, make_cudaExtent(4, 3, 2),
                               cudaArraySurfaceLoadStore | cudaArrayLayered));
  cudaSurfaceObject_t s1 = surface(a1), s3 = surface(a3), sl = surface(al);
  rw_1d_3d_layered<<<2, dim3(4, 3)>>>(s1, s3, sl);
  short h1[8];
  int2 h3[2][3][4];
  int hl[2][3][4];
  CHECK_CUDA(cudaMemcpyFromArray(h1, a1, 0, 0, 8, cudaMemcpyDeviceToHost));  // 4 elements
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcArray = a3;
  p.dstPtr = make_cudaPitchedPtr(h3, 4 * sizeof(int2), 4, 3);
  p.extent = make_cudaExtent(4, 3, 2);
  p.kind = cudaMemcpyDeviceToHost;
  CHECK_CUDA(cudaMemcpy3D(&p));
  p.srcArray = al;
  p.dstPtr = make_cudaPitchedPtr(hl, 4 * sizeof(int), 4, 3);
  CHECK_CUDA(cudaMemcpy3D(&p));
  for (int x = 0; x < 4; x++) CHECK(x * 3 - 7, h1[x]);
  for (int z = 0; z < 2; z++)
    for (int y = 0; y < 3; y++)
      for (int x = 0; x < 4; x++) {
        CHECK(x + y * 10 + z * 100, h3[z][y][x].x);
        CHECK(-x, h3[z][y][x].y);
        CHECK(2 * (x + y * 10 + z * 100), hl[z][y][x]);
      }
  cudaSurfaceObject_t all[5] = {sf, s4, s1, s3, sl};
  for (int k = 0; k < 5; k++) CHECK_CUDA(cudaDestroySurfaceObject(all[k]));
  // already destroyed: CUDA answers cudaSuccess (checked on an H100)
  CHECK(cudaSuccess, cudaDestroySurfaceObject(sf));
  cudaGetLastError();

  // cudaBoundaryModeTrap (the default) fails the launch
  cudaSurfaceObject_t st = surface(af);
  trap<<<1, 1>>>(st);
  CHECK(1, cudaDeviceSynchronize() != cudaSuccess);
  return check_done("surface_rw");
}
