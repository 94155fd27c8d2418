// graphs: CUDA graphs built by hand (kernel, 1D and 3D memcpy, memset,
// host, child graph, empty, event record/wait nodes, dependencies) and by
// stream capture across two streams (fork and join through events); a
// graph replayed 100 times with a checked result; queries (nodes, roots,
// edges, types); cudaGraphExecKernelNodeSetParams and cudaGraphExecUpdate;
// the error codes of misuse.
#include "check.h"

__global__ void add(int *p, int v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] += v;
}

__global__ void scale(int *p, int f, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] *= f;
}

__global__ void sum(const int *p, int n, int *out) {
  if (threadIdx.x == 0 && blockIdx.x == 0) {
    int s = 0;
    for (int i = 0; i < n; i++) s += p[i];
    *out = s;
  }
}

static int host_runs;
static void CUDART_CB count_run(void *arg) { host_runs += *(int *)arg; }

static const int N = 256;

// memset 0 -> (add 3 | add 4 on a copy) -> sum, then a host node; run 100x.
static void test_manual(void) {
  int *a, *b, *out, h = 0, one = 1;
  CHECK_CUDA(cudaMalloc(&a, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&b, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&out, sizeof(int)));
  cudaGraph_t g;
  CHECK_CUDA(cudaGraphCreate(&g, 0));
  cudaGraphNode_t set, add3, copy, add4, join, total, host;
  cudaMemsetParams mp = {};
  mp.dst = a;
  mp.value = 0;
  mp.elementSize = 4;
  mp.width = N;
  mp.height = 1;
  CHECK_CUDA(cudaGraphAddMemsetNode(&set, g, NULL, 0, &mp));
  int v3 = 3, v4 = 4, n = N;
  void *args3[] = {&a, &v3, &n};
  cudaKernelNodeParams kp = {};
  kp.func = (void *)add;
  kp.gridDim = dim3((N + 63) / 64);
  kp.blockDim = dim3(64);
  kp.kernelParams = args3;
  CHECK_CUDA(cudaGraphAddKernelNode(&add3, g, &set, 1, &kp));
  CHECK_CUDA(cudaGraphAddMemcpyNode1D(&copy, g, &add3, 1, b, a, N * sizeof(int),
                                      cudaMemcpyDeviceToDevice));
  void *args4[] = {&b, &v4, &n};
  kp.kernelParams = args4;
  CHECK_CUDA(cudaGraphAddKernelNode(&add4, g, &copy, 1, &kp));
  cudaGraphNode_t both[] = {add3, add4};
  CHECK_CUDA(cudaGraphAddEmptyNode(&join, g, both, 2));
  void *sargs[] = {&b, &n, &out};
  kp.func = (void *)sum;
  kp.gridDim = dim3(1);
  kp.blockDim = dim3(1);
  kp.kernelParams = sargs;
  CHECK_CUDA(cudaGraphAddKernelNode(&total, g, &join, 1, &kp));
  cudaHostNodeParams hp = {count_run, &one};
  CHECK_CUDA(cudaGraphAddHostNode(&host, g, &total, 1, &hp));

  size_t count = 0;
  CHECK_CUDA(cudaGraphGetNodes(g, NULL, &count));
  CHECK(7, count);
  cudaGraphNode_t roots[4];
  count = 4;
  CHECK_CUDA(cudaGraphGetRootNodes(g, roots, &count));
  CHECK(1, count);
  CHECK(1, roots[0] == set);
  CHECK_CUDA(cudaGraphGetEdges(g, NULL, NULL, NULL, &count));
  CHECK(7, count);
  cudaGraphNodeType type;
  CHECK_CUDA(cudaGraphNodeGetType(copy, &type));
  CHECK(cudaGraphNodeTypeMemcpy, type);

  cudaGraphExec_t x;
  cudaStream_t s;
  CHECK_CUDA(cudaStreamCreate(&s));
  CHECK_CUDA(cudaGraphInstantiate(&x, g, 0));
  host_runs = 0;
  for (int i = 0; i < 100; i++) CHECK_CUDA(cudaGraphLaunch(x, s));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK_CUDA(cudaMemcpy(&h, out, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(7 * N, h);
  CHECK(100, host_runs);

  // new parameters for one kernel of the instantiated graph only
  int v10 = 10;
  void *args10[] = {&a, &v10, &n};
  kp.func = (void *)add;
  kp.gridDim = dim3((N + 63) / 64);
  kp.blockDim = dim3(64);
  kp.kernelParams = args10;
  CHECK_CUDA(cudaGraphExecKernelNodeSetParams(x, add3, &kp));
  CHECK_CUDA(cudaGraphLaunch(x, s));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK_CUDA(cudaMemcpy(&h, out, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(14 * N, h);

  // the graph as a child of another, after a scale node; then update
  cudaGraph_t parent;
  cudaGraphNode_t child, after;
  CHECK_CUDA(cudaGraphCreate(&parent, 0));
  CHECK_CUDA(cudaGraphAddChildGraphNode(&child, parent, NULL, 0, g));
  int f = 2;
  void *sc[] = {&b, &f, &n};
  kp.func = (void *)scale;
  kp.kernelParams = sc;
  CHECK_CUDA(cudaGraphAddKernelNode(&after, parent, &child, 1, &kp));
  cudaGraphExec_t px;
  CHECK_CUDA(cudaGraphInstantiateWithFlags(&px, parent, 0));
  CHECK_CUDA(cudaGraphLaunch(px, 0));
  CHECK_CUDA(cudaDeviceSynchronize());
  int hb[N];
  CHECK_CUDA(cudaMemcpy(hb, b, sizeof hb, cudaMemcpyDeviceToHost));
  CHECK(14, hb[0]);
  CHECK(14, hb[N - 1]);
  cudaGraph_t parent2;
  cudaGraphNode_t child2, after2;
  CHECK_CUDA(cudaGraphCreate(&parent2, 0));
  CHECK_CUDA(cudaGraphAddChildGraphNode(&child2, parent2, NULL, 0, g));
  f = 3;
  CHECK_CUDA(cudaGraphAddKernelNode(&after2, parent2, &child2, 1, &kp));
  cudaGraphExecUpdateResultInfo info;
  CHECK_CUDA(cudaGraphExecUpdate(px, parent2, &info));
  CHECK(cudaGraphExecUpdateSuccess, info.result);
  CHECK_CUDA(cudaGraphLaunch(px, 0));
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(hb, b, sizeof hb, cudaMemcpyDeviceToHost));
  CHECK(21, hb[5]);
  // a different topology is refused
  cudaGraphNode_t extra;
  CHECK_CUDA(cudaGraphAddEmptyNode(&extra, parent2, NULL, 0));
  CHECK(cudaErrorGraphExecUpdateFailure, cudaGraphExecUpdate(px, parent2, &info));
  CHECK(cudaGraphExecUpdateErrorTopologyChanged, info.result);
  cudaGetLastError();

  CHECK_CUDA(cudaGraphExecDestroy(px));
  CHECK_CUDA(cudaGraphExecDestroy(x));
  CHECK_CUDA(cudaGraphDestroy(parent));
  CHECK_CUDA(cudaGraphDestroy(parent2));
  CHECK_CUDA(cudaGraphDestroy(g));
  CHECK_CUDA(cudaStreamDestroy(s));
  cudaFree(a);
  cudaFree(b);
  cudaFree(out);
}

// Capture: s1 forks to s2 through an event, both work, s1 joins s2.
static void test_capture(void) {
  cudaStream_t s1, s2;
  cudaEvent_t fork, join;
  int *a, *b, ha[N], hb[N];
  CHECK_CUDA(cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking));
  CHECK_CUDA(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
  CHECK_CUDA(cudaEventCreate(&fork));
  CHECK_CUDA(cudaEventCreate(&join));
  CHECK_CUDA(cudaMalloc(&a, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&b, N * sizeof(int)));
  cudaStreamCaptureStatus st;
  CHECK_CUDA(cudaStreamIsCapturing(s1, &st));
  CHECK(cudaStreamCaptureStatusNone, st);
  CHECK_CUDA(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
  CHECK_CUDA(cudaStreamIsCapturing(s1, &st));
  CHECK(cudaStreamCaptureStatusActive, st);
  CHECK_CUDA(cudaMemsetAsync(a, 0, N * sizeof(int), s1));
  CHECK_CUDA(cudaMemsetAsync(b, 0, N * sizeof(int), s1));
  CHECK_CUDA(cudaEventRecord(fork, s1));
  CHECK_CUDA(cudaStreamWaitEvent(s2, fork, 0));
  CHECK_CUDA(cudaStreamIsCapturing(s2, &st));
  CHECK(cudaStreamCaptureStatusActive, st);
  add<<<(N + 63) / 64, 64, 0, s1>>>(a, 2, N);
  add<<<(N + 63) / 64, 64, 0, s2>>>(b, 5, N);
  CHECK_CUDA(cudaEventRecord(join, s2));
  CHECK_CUDA(cudaStreamWaitEvent(s1, join, 0));
  scale<<<(N + 63) / 64, 64, 0, s1>>>(b, 2, N);
  cudaGraph_t g;
  CHECK_CUDA(cudaStreamEndCapture(s1, &g));
  CHECK_CUDA(cudaStreamIsCapturing(s2, &st));
  CHECK(cudaStreamCaptureStatusNone, st);
  size_t count = 0;
  CHECK_CUDA(cudaGraphGetNodes(g, NULL, &count));
  CHECK(5, count);
  // nothing ran during capture: run the graph twice
  cudaGraphExec_t x;
  CHECK_CUDA(cudaGraphInstantiate(&x, g, 0));
  CHECK_CUDA(cudaGraphLaunch(x, s1));
  CHECK_CUDA(cudaGraphLaunch(x, s1));
  CHECK_CUDA(cudaStreamSynchronize(s1));
  CHECK_CUDA(cudaMemcpy(ha, a, sizeof ha, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hb, b, sizeof hb, cudaMemcpyDeviceToHost));
  CHECK(2, ha[0]);
  CHECK(10, hb[N - 1]);
  // capture errors
  CHECK(cudaErrorIllegalState, cudaStreamEndCapture(s2, &g));
  CHECK(cudaErrorStreamCaptureUnsupported,
        cudaStreamBeginCapture(cudaStreamLegacy, cudaStreamCaptureModeGlobal));
  // synchronising a capturing stream is refused and ends the capture in error
  cudaGraph_t bad = g;
  CHECK_CUDA(cudaStreamBeginCapture(s2, cudaStreamCaptureModeGlobal));
  add<<<1, 1, 0, s2>>>(a, 1, 1);
  CHECK(cudaErrorStreamCaptureUnsupported, cudaStreamSynchronize(s2));
  CHECK(cudaErrorStreamCaptureInvalidated, cudaStreamEndCapture(s2, &bad));
  CHECK(1, bad == NULL);
  cudaGetLastError();
  cudaGraphExecDestroy(x);
  cudaGraphDestroy(g);
  cudaEventDestroy(fork);
  cudaEventDestroy(join);
  cudaStreamDestroy(s1);
  cudaStreamDestroy(s2);
  cudaFree(a);
  cudaFree(b);
}

static void test_errors(void) {
  cudaGraph_t g, other;
  cudaGraphNode_t n, m;
  CHECK(cudaErrorInvalidValue, cudaGraphCreate(NULL, 0));
  CHECK_CUDA(cudaGraphCreate(&g, 0));
  CHECK_CUDA(cudaGraphCreate(&other, 0));
  CHECK_CUDA(cudaGraphAddEmptyNode(&n, other, NULL, 0));
  CHECK(cudaErrorInvalidValue, cudaGraphAddEmptyNode(&m, g, &n, 1)); // foreign dependency
  CHECK(cudaErrorInvalidValue, cudaGraphAddEmptyNode(&m, g, NULL, 1));
  cudaKernelNodeParams kp = {};
  kp.func = (void *)test_errors; // not a kernel
  kp.gridDim = dim3(1);
  kp.blockDim = dim3(1);
  CHECK(cudaErrorInvalidResourceHandle, cudaGraphAddKernelNode(&m, g, NULL, 0, &kp));
  kp.func = (void *)add;
  kp.blockDim = dim3(2048);
  int *p = NULL, v = 0, cnt = 0;
  void *args[] = {&p, &v, &cnt};
  kp.kernelParams = args;
  CHECK(cudaErrorInvalidValue, cudaGraphAddKernelNode(&m, g, NULL, 0, &kp));
  CHECK(cudaErrorInvalidValue, cudaGraphLaunch(NULL, 0));
  cudaGetLastError();
  cudaGraphDestroy(g);
  cudaGraphDestroy(other);
}

int main() {
  test_manual();
  test_capture();
  test_errors();
  return check_done("graphs");
}
