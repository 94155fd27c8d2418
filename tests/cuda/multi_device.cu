// multi_device: several devices in one process. The program asks for
// CUWA_DEVICE=cpu,cpu,webgpu before its first CUDA call: two CPU devices
// (peers: one address space) and, when the machine has one, a WebGPU
// device (no peer access: copies go through the host). Checks
// cudaGetDeviceCount, cudaSetDevice per host thread, allocations owned by
// their device (cudaPointerGetAttributes), kernels on each device,
// cudaMemcpyPeer(Async), cudaMemcpy with cudaMemcpyDefault across devices,
// and the peer-access calls and their errors.
// skip: webgpu: the program picks its own devices (CUWA_DEVICE=cpu,cpu,webgpu)
// skip: cuda: the program picks cuwa's CPU devices, not the GPU (nvcc's build needs 2 GPUs)
#include <pthread.h>
#include <stdlib.h>

#include "check.h"

__global__ void fill(int *p, int v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = v + i;
}

static const int N = 1000;

static void *other_thread(void *arg) {
  int *seen = (int *)arg;
  CHECK_CUDA(cudaSetDevice(1));
  CHECK_CUDA(cudaGetDevice(seen));
  return NULL;
}

static int *alloc_on(int device) {
  int *p = NULL;
  CHECK_CUDA(cudaSetDevice(device));
  CHECK_CUDA(cudaMalloc(&p, N * sizeof(int)));
  return p;
}

// Fills src on device sd, copies it to device dd three ways, checks.
static void copy_between(int sd, int dd) {
  int *src = alloc_on(sd), *dst = alloc_on(dd), h[N];
  CHECK_CUDA(cudaSetDevice(sd));
  fill<<<(N + 127) / 128, 128>>>(src, 100 * sd, N);
  CHECK_CUDA(cudaMemcpyPeer(dst, dd, src, sd, N * sizeof(int)));
  CHECK_CUDA(cudaSetDevice(dd));
  CHECK_CUDA(cudaMemcpy(h, dst, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(100 * sd + 7, h[7]);
  CHECK(100 * sd + N - 1, h[N - 1]);
  CHECK_CUDA(cudaMemset(dst, 0, N * sizeof(int)));
  CHECK_CUDA(cudaMemcpy(dst, src, N * sizeof(int), cudaMemcpyDefault));
  CHECK_CUDA(cudaMemcpy(h, dst, sizeof h, cudaMemcpyDefault));
  CHECK(100 * sd + 5, h[5]);
  cudaStream_t s;
  CHECK_CUDA(cudaStreamCreate(&s));
  CHECK_CUDA(cudaMemset(dst, 0, N * sizeof(int)));
  CHECK_CUDA(cudaMemcpyPeerAsync(dst, dd, src, sd, N * sizeof(int), s));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK_CUDA(cudaMemcpy(h, dst, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(100 * sd + 9, h[9]);
  cudaPointerAttributes attr;
  CHECK_CUDA(cudaPointerGetAttributes(&attr, src));
  CHECK(sd, attr.device);
  CHECK(cudaMemoryTypeDevice, attr.type);
  CHECK_CUDA(cudaPointerGetAttributes(&attr, dst));
  CHECK(dd, attr.device);
  CHECK_CUDA(cudaStreamDestroy(s));
  CHECK_CUDA(cudaFree(dst));
  CHECK_CUDA(cudaSetDevice(sd));
  CHECK_CUDA(cudaFree(src));
}

int main() {
  setenv("CUWA_DEVICE", "cpu,cpu,webgpu", 1);
  int count = 0, dev = -1, can = -1;
  CHECK_CUDA(cudaGetDeviceCount(&count));
  if (count < 2) { // as the CUDA samples: waived, not failed
    printf("needs 2 devices: skipped\n");
    return 0;
  }
  printf("%d devices\n", count);
  CHECK_CUDA(cudaGetDevice(&dev));
  CHECK(0, dev);
  // the current device is per host thread
  int seen = -1;
  pthread_t t;
  pthread_create(&t, NULL, other_thread, &seen);
  pthread_join(t, NULL);
  CHECK(1, seen);
  CHECK_CUDA(cudaGetDevice(&dev));
  CHECK(0, dev);
  CHECK(cudaErrorInvalidDevice, cudaSetDevice(count));
  CHECK(cudaErrorInvalidDevice, cudaGetLastError());
  // two CPU devices share the host's memory: they are peers
  CHECK_CUDA(cudaDeviceCanAccessPeer(&can, 0, 1));
  CHECK(1, can);
  CHECK_CUDA(cudaDeviceEnablePeerAccess(1, 0));
  CHECK(cudaErrorPeerAccessAlreadyEnabled, cudaDeviceEnablePeerAccess(1, 0));
  CHECK_CUDA(cudaDeviceDisablePeerAccess(1));
  CHECK(cudaErrorPeerAccessNotEnabled, cudaDeviceDisablePeerAccess(1));
  CHECK(cudaErrorPeerAccessUnsupported, cudaDeviceEnablePeerAccess(0, 0));  // 217, as CUDA 13
  cudaGetLastError();
  copy_between(0, 1);
  copy_between(1, 0);
  if (count > 2) { // the WebGPU device: no peer access, copies through the host
    cudaDeviceProp p;
    CHECK_CUDA(cudaGetDeviceProperties(&p, 2));
    printf("device 2: %s\n", p.name);
    CHECK_CUDA(cudaDeviceCanAccessPeer(&can, 0, 2));
    CHECK(0, can);
    CHECK(cudaErrorPeerAccessUnsupported, cudaDeviceEnablePeerAccess(2, 0));
    cudaGetLastError();
    copy_between(0, 2);
    copy_between(2, 1);
    CHECK_CUDA(cudaSetDevice(0));
  } else {
    printf("no WebGPU device: its part is skipped\n");
  }
  CHECK_CUDA(cudaDeviceSynchronize());
  return check_done("multi_device");
}
