// streams_concurrent: kernels of two streams run at the same time (each
// spins until the other has started, with a timeout so a failure is
// reported, not a hang); stream order with copies, memsets, host functions
// and callbacks; cudaStreamQuery/cudaEventQuery while a kernel waits on
// host-mapped memory; cudaStreamWaitEvent; the legacy default stream
// waiting for blocking streams but not for cudaStreamNonBlocking ones;
// cudaStreamPerThread; event times; the error codes of bad handles; two
// independent kernel nodes of a graph running at the same time.
// skip: webgpu: kernels spin on flags other kernels or the host write (WebGPU runs one dispatch at a time)
#include "check.h"

#define TIMEOUT 2000000000LL // clock64 ticks: 2 s on the CPU, ~1 s on a GPU

// Marks itself started, then waits (bounded) for the other kernel.
__global__ void rendezvous(volatile int *flags, int me, int other, int *saw) {
  flags[me] = 1;
  long long start = clock64();
  while (flags[other] == 0 && clock64() - start < TIMEOUT) {
  }
  saw[me] = flags[other];
}

// Waits (bounded) until *flag is set by the host or another kernel.
__global__ void wait_flag(volatile int *flag, int *out) {
  long long start = clock64();
  while (*flag == 0 && clock64() - start < TIMEOUT) {
  }
  *out = *flag;
}

__global__ void spin_then_set(int *p, int v, long long ticks) {
  long long start = clock64();
  while (clock64() - start < ticks) {
  }
  *(volatile int *)p = v;
}

__global__ void copy_one(const int *src, int *dst) { *dst = *(volatile const int *)src; }

__global__ void add_one(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] += 1;
}

static int order[8], order_n;
static void CUDART_CB host_step(void *arg) { order[order_n++] = (int)(size_t)arg; }
static void CUDART_CB callback_step(cudaStream_t s, cudaError_t status, void *arg) {
  order[order_n++] = status == cudaSuccess ? (int)(size_t)arg : -1;
}

static void test_overlap(void) {
  cudaStream_t s1, s2;
  int *flags, *saw, h[2] = {0, 0};
  CHECK_CUDA(cudaStreamCreate(&s1));
  CHECK_CUDA(cudaStreamCreate(&s2));
  CHECK_CUDA(cudaMalloc(&flags, 2 * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&saw, 2 * sizeof(int)));
  CHECK_CUDA(cudaMemset(flags, 0, 2 * sizeof(int)));
  rendezvous<<<1, 1, 0, s1>>>(flags, 0, 1, saw);
  rendezvous<<<1, 1, 0, s2>>>(flags, 1, 0, saw);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, saw, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(1, h[0]); // kernel 0 saw kernel 1 start while it ran
  CHECK(1, h[1]);
  // multi-block kernels of two streams share the device too
  CHECK_CUDA(cudaMemset(flags, 0, 2 * sizeof(int)));
  rendezvous<<<4, 1, 0, s1>>>(flags, 0, 1, saw);
  rendezvous<<<4, 1, 0, s2>>>(flags, 1, 0, saw);
  CHECK_CUDA(cudaStreamSynchronize(s1));
  CHECK_CUDA(cudaStreamSynchronize(s2));
  CHECK_CUDA(cudaMemcpy(h, saw, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(1, h[0]);
  CHECK(1, h[1]);
  cudaFree(flags);
  cudaFree(saw);
  cudaStreamDestroy(s1);
  cudaStreamDestroy(s2);
}

static void test_order(void) {
  const int n = 1000;
  cudaStream_t s;
  int *d, *h;
  CHECK_CUDA(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  CHECK_CUDA(cudaMalloc(&d, n * sizeof(int)));
  CHECK_CUDA(cudaMallocHost(&h, n * sizeof(int)));
  order_n = 0;
  CHECK_CUDA(cudaMemsetAsync(d, 0, n * sizeof(int), s));
  CHECK_CUDA(cudaLaunchHostFunc(s, host_step, (void *)1));
  for (int k = 0; k < 10; k++) add_one<<<(n + 127) / 128, 128, 0, s>>>(d, n);
  CHECK_CUDA(cudaStreamAddCallback(s, callback_step, (void *)2, 0));
  CHECK_CUDA(cudaMemcpyAsync(h, d, n * sizeof(int), cudaMemcpyDeviceToHost, s));
  CHECK_CUDA(cudaLaunchHostFunc(s, host_step, (void *)3));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK(cudaSuccess, cudaStreamQuery(s));
  int bad = 0;
  for (int i = 0; i < n; i++) bad += h[i] != 10;
  CHECK(0, bad);
  CHECK(3, order_n);
  CHECK(1, order[0]);
  CHECK(2, order[1]);
  CHECK(3, order[2]);
  cudaFreeHost(h);
  cudaFree(d);
  cudaStreamDestroy(s);
}

// A kernel waits for the host: queries say "not ready" meanwhile.
static void test_queries(void) {
  cudaStream_t s;
  cudaEvent_t done, start, stop;
  int *flag, *dflag, *out, h = 0;
  float ms = -1;
  CHECK_CUDA(cudaStreamCreate(&s));
  CHECK_CUDA(cudaEventCreate(&done));
  CHECK_CUDA(cudaEventCreate(&start));
  CHECK_CUDA(cudaEventCreate(&stop));
  CHECK_CUDA(cudaHostAlloc(&flag, sizeof(int), cudaHostAllocMapped));
  CHECK_CUDA(cudaHostGetDevicePointer((void **)&dflag, flag, 0));
  CHECK_CUDA(cudaMalloc(&out, sizeof(int)));
  *flag = 0;
  CHECK_CUDA(cudaEventRecord(start, s));
  wait_flag<<<1, 1, 0, s>>>(dflag, out);
  CHECK_CUDA(cudaEventRecord(done, s));
  CHECK(cudaErrorNotReady, cudaStreamQuery(s));
  CHECK(cudaErrorNotReady, cudaEventQuery(done));
  CHECK(cudaErrorNotReady, cudaEventElapsedTime(&ms, start, done));
  CHECK(cudaSuccess, cudaGetLastError()); // not-ready is not an error
  *(volatile int *)flag = 7;
  CHECK_CUDA(cudaEventSynchronize(done));
  CHECK(cudaSuccess, cudaEventQuery(done));
  CHECK(cudaSuccess, cudaStreamQuery(s));
  CHECK_CUDA(cudaMemcpy(&h, out, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(7, h);
  // elapsed time is the kernel's real time
  CHECK_CUDA(cudaEventRecord(start, s));
  spin_then_set<<<1, 1, 0, s>>>(out, 1, 30000000LL); // 30 ms on the CPU
  CHECK_CUDA(cudaEventRecord(stop, s));
  CHECK_CUDA(cudaEventSynchronize(stop));
  CHECK_CUDA(cudaEventElapsedTime(&ms, start, stop));
  CHECK(1, ms >= 10.0f && ms < 5000.0f);
  cudaEventDestroy(done);
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  cudaFreeHost(flag);
  cudaFree(out);
  cudaStreamDestroy(s);
}

// s2 waits for an event of s1: it sees what s1 wrote before the record.
static void test_wait_event(void) {
  cudaStream_t s1, s2;
  cudaEvent_t ev;
  int *a, *b, h = 0;
  CHECK_CUDA(cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking));
  CHECK_CUDA(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
  CHECK_CUDA(cudaEventCreateWithFlags(&ev, cudaEventDisableTiming));
  CHECK_CUDA(cudaMalloc(&a, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&b, sizeof(int)));
  CHECK_CUDA(cudaMemset(a, 0, sizeof(int)));
  spin_then_set<<<1, 1, 0, s1>>>(a, 5, 20000000LL);
  CHECK_CUDA(cudaEventRecord(ev, s1));
  CHECK_CUDA(cudaStreamWaitEvent(s2, ev, 0));
  copy_one<<<1, 1, 0, s2>>>(a, b);
  CHECK_CUDA(cudaStreamSynchronize(s2));
  CHECK_CUDA(cudaMemcpy(&h, b, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(5, h);
  cudaEventDestroy(ev);
  cudaFree(a);
  cudaFree(b);
  cudaStreamDestroy(s1);
  cudaStreamDestroy(s2);
}

// The legacy stream waits for blocking streams, not for non-blocking ones.
static void test_legacy(void) {
  cudaStream_t blocking, nonblocking;
  int *a, *b, *flag, *out, h[2] = {0, 0};
  CHECK_CUDA(cudaStreamCreate(&blocking));
  CHECK_CUDA(cudaStreamCreateWithFlags(&nonblocking, cudaStreamNonBlocking));
  CHECK_CUDA(cudaMalloc(&a, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&b, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&flag, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&out, sizeof(int)));
  CHECK_CUDA(cudaMemset(a, 0, sizeof(int)));
  CHECK_CUDA(cudaMemset(flag, 0, sizeof(int)));
  spin_then_set<<<1, 1, 0, blocking>>>(a, 9, 20000000LL);
  copy_one<<<1, 1>>>(a, b); // stream 0: after the blocking stream's kernel
  CHECK_CUDA(cudaMemcpy(&h[0], b, sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(9, h[0]);
  // a non-blocking stream's kernel waits for a flag that stream 0 sets
  wait_flag<<<1, 1, 0, nonblocking>>>(flag, out);
  spin_then_set<<<1, 1>>>(flag, 3, 0);
  CHECK_CUDA(cudaStreamSynchronize(nonblocking));
  CHECK_CUDA(cudaMemcpy(&h[1], out, sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(3, h[1]);
  // cudaStreamPerThread is a stream of its own
  spin_then_set<<<1, 1, 0, cudaStreamPerThread>>>(out, 4, 0);
  CHECK_CUDA(cudaStreamSynchronize(cudaStreamPerThread));
  CHECK_CUDA(cudaMemcpy(&h[1], out, sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(4, h[1]);
  cudaFree(a);
  cudaFree(b);
  cudaFree(flag);
  cudaFree(out);
  cudaStreamDestroy(blocking);
  cudaStreamDestroy(nonblocking);
}

static void test_errors(void) {
  cudaStream_t s;
  cudaEvent_t a, b;
  float ms;
  // (a destroyed stream or event is a dangling handle in CUDA: not used)
  CHECK_CUDA(cudaStreamCreate(&s));
  CHECK_CUDA(cudaStreamDestroy(s));
  CHECK(cudaErrorInvalidValue, cudaStreamAddCallback(0, callback_step, NULL, 1));
  CHECK_CUDA(cudaEventCreate(&a));
  CHECK_CUDA(cudaEventCreate(&b));
  CHECK(cudaSuccess, cudaEventQuery(a)); // never recorded: complete
  CHECK(cudaErrorInvalidResourceHandle, cudaEventElapsedTime(&ms, a, b));
  CHECK(cudaSuccess, cudaStreamWaitEvent(0, a, 0)); // nothing to wait for
  CHECK_CUDA(cudaEventDestroy(a));
  CHECK_CUDA(cudaEventDestroy(b));
  cudaGetLastError();
}

// Two kernel nodes without a dependency between them run concurrently.
static void test_graph_overlap(void) {
  int *flags, *saw, h[2] = {0, 0};
  CHECK_CUDA(cudaMalloc(&flags, 2 * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&saw, 2 * sizeof(int)));
  cudaGraph_t g;
  cudaGraphNode_t clear, k0, k1;
  CHECK_CUDA(cudaGraphCreate(&g, 0));
  cudaMemsetParams mp = {flags, 0, 0, 4, 2, 1}; // two ints to 0
  CHECK_CUDA(cudaGraphAddMemsetNode(&clear, g, NULL, 0, &mp));
  int zero = 0, one = 1;
  void *a0[] = {&flags, &zero, &one, &saw}, *a1[] = {&flags, &one, &zero, &saw};
  cudaKernelNodeParams kp = {};
  kp.func = (void *)rendezvous;
  kp.gridDim = dim3(1);
  kp.blockDim = dim3(1);
  kp.kernelParams = a0;
  CHECK_CUDA(cudaGraphAddKernelNode(&k0, g, &clear, 1, &kp));
  kp.kernelParams = a1;
  CHECK_CUDA(cudaGraphAddKernelNode(&k1, g, &clear, 1, &kp));
  cudaGraphExec_t x;
  CHECK_CUDA(cudaGraphInstantiate(&x, g, 0));
  for (int i = 0; i < 3; i++) {
    CHECK_CUDA(cudaGraphLaunch(x, 0));
    CHECK_CUDA(cudaMemcpy(h, saw, sizeof h, cudaMemcpyDeviceToHost));
    CHECK(1, h[0] && h[1]);
  }
  cudaGraphExecDestroy(x);
  cudaGraphDestroy(g);
  cudaFree(flags);
  cudaFree(saw);
}

int main() {
  test_overlap();
  test_graph_overlap();
  test_order();
  test_queries();
  test_wait_event();
  test_legacy();
  test_errors();
  return check_done("streams_concurrent");
}
