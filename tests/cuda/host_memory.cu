// host_memory: pinned and mapped host memory (cudaMallocHost,
// cudaHostAlloc with its flags, cudaHostGetFlags, cudaHostGetDevicePointer,
// cudaHostRegister/Unregister) read and written by kernels; managed memory
// (cudaMallocManaged) used by host and kernels with cudaMemPrefetchAsync
// and cudaMemAdvise; cudaPointerGetAttributes; and the error codes.
// skip: webgpu: device memory is not host memory there (mapped and managed memory need it)
#include <stdlib.h>

#include "check.h"

__global__ void twice(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = 2 * in[i];
}

static const int N = 2048;

static int count_bad(const int *p, int factor) {
  int bad = 0;
  for (int i = 0; i < N; i++) bad += p[i] != factor * i;
  return bad;
}

static void test_pinned(void) {
  int *h, *mapped, *dmapped, *d;
  unsigned flags = 99;
  CHECK_CUDA(cudaMallocHost(&h, N * sizeof(int)));
  // with unified addressing CUDA maps all pinned memory and reports it so
  // (portable is implied and not reported)
  CHECK_CUDA(cudaHostGetFlags(&flags, h));
  CHECK(cudaHostAllocMapped, flags);
  CHECK_CUDA(cudaHostAlloc(&mapped, N * sizeof(int), cudaHostAllocMapped | cudaHostAllocPortable));
  CHECK_CUDA(cudaHostGetFlags(&flags, mapped));
  CHECK(cudaHostAllocMapped, flags);
  CHECK_CUDA(cudaHostGetDevicePointer((void **)&dmapped, mapped, 0));
  CHECK_CUDA(cudaMalloc(&d, N * sizeof(int)));
  for (int i = 0; i < N; i++) h[i] = i;
  CHECK_CUDA(cudaMemcpy(d, h, N * sizeof(int), cudaMemcpyHostToDevice));
  twice<<<N / 256, 256>>>(d, dmapped, N); // the kernel writes host memory
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK(0, count_bad(mapped, 2));
  cudaPointerAttributes a;
  CHECK_CUDA(cudaPointerGetAttributes(&a, mapped));
  CHECK(cudaMemoryTypeHost, a.type);
  CHECK(1, a.hostPointer == mapped);
  CHECK_CUDA(cudaPointerGetAttributes(&a, d));
  CHECK(cudaMemoryTypeDevice, a.type);
  CHECK(0, a.device);
  CHECK(cudaErrorInvalidValue, cudaFree(h)); // pinned memory is not cudaFree's
  CHECK(cudaErrorInvalidValue, cudaFreeHost(d));
  CHECK(cudaErrorInvalidValue, cudaHostAlloc(&h, 16, 0x80));
  cudaGetLastError();
  CHECK_CUDA(cudaFreeHost(h));
  CHECK_CUDA(cudaFreeHost(mapped));
  CHECK_CUDA(cudaFree(d));
}

static void test_registered(void) {
  int *user = (int *)malloc(N * sizeof(int)), *dev, *out;
  unsigned flags = 0;
  for (int i = 0; i < N; i++) user[i] = i;
  CHECK(cudaErrorInvalidValue, cudaHostGetDevicePointer((void **)&dev, user, 0));
  CHECK_CUDA(cudaHostRegister(user, N * sizeof(int), cudaHostRegisterMapped));
  CHECK(cudaErrorHostMemoryAlreadyRegistered,
        cudaHostRegister(user + 8, 64, cudaHostRegisterDefault));
  CHECK_CUDA(cudaHostGetFlags(&flags, user));
  CHECK(cudaHostRegisterMapped, flags);
  CHECK_CUDA(cudaHostGetDevicePointer((void **)&dev, user, 0));
  CHECK_CUDA(cudaMalloc(&out, N * sizeof(int)));
  twice<<<N / 256, 256>>>(dev, out, N); // the kernel reads user memory
  int *h = (int *)malloc(N * sizeof(int));
  CHECK_CUDA(cudaMemcpy(h, out, N * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(0, count_bad(h, 2));
  CHECK_CUDA(cudaHostUnregister(user));
  CHECK(cudaErrorHostMemoryNotRegistered, cudaHostUnregister(user));
  cudaGetLastError();
  CHECK_CUDA(cudaFree(out));
  free(user);
  free(h);
}

static void test_managed(void) {
  int *in, *out;
  cudaStream_t s;
  CHECK_CUDA(cudaStreamCreate(&s));
  CHECK_CUDA(cudaMallocManaged(&in, N * sizeof(int)));
  CHECK_CUDA(cudaMallocManaged(&out, N * sizeof(int), cudaMemAttachGlobal));
  for (int i = 0; i < N; i++) in[i] = i; // the host writes managed memory
  cudaMemLocation dev = {cudaMemLocationTypeDevice, 0};
  cudaMemLocation host = {cudaMemLocationTypeHost, 0};
  CHECK_CUDA(cudaMemAdvise(in, N * sizeof(int), cudaMemAdviseSetReadMostly, dev));
  CHECK_CUDA(cudaMemAdvise(out, N * sizeof(int), cudaMemAdviseSetPreferredLocation, dev));
  CHECK_CUDA(cudaMemPrefetchAsync(in, N * sizeof(int), dev, 0, s));
  twice<<<N / 256, 256, 0, s>>>(in, out, N);
  CHECK_CUDA(cudaMemPrefetchAsync(out, N * sizeof(int), host, 0, s));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK(0, count_bad(out, 2)); // and reads what the kernel wrote
  cudaPointerAttributes a;
  CHECK_CUDA(cudaPointerGetAttributes(&a, out));
  CHECK(cudaMemoryTypeManaged, a.type);
  CHECK(1, a.hostPointer == out && a.devicePointer == out);
  int *none = out;
  CHECK(cudaSuccess, cudaMallocManaged(&none, 0)); // as cudaMalloc: success
  CHECK_CUDA(cudaFree(none));
  CHECK(cudaErrorInvalidValue, cudaMallocManaged(&in, 16, 7));
  CHECK(cudaErrorInvalidDevice,
        cudaMemPrefetchAsync(out, 16, cudaMemLocation{cudaMemLocationTypeDevice, 99}, 0, s));
  cudaGetLastError();
  CHECK_CUDA(cudaFree(in));
  CHECK_CUDA(cudaFree(out));
  CHECK_CUDA(cudaStreamDestroy(s));
}

int main() {
  test_pinned();
  test_registered();
  test_managed();
  return check_done("host_memory");
}
