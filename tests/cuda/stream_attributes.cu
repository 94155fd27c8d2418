// stream_attributes: cache access-policy windows and the other stream
// attributes (cudaStreamSetAttribute/GetAttribute/CopyAttributes, CUDA 13
// names and layouts: hints, stored and returned), the persisting-L2 limit
// and reset; the CUDA 11 four-argument cudaGraphExecUpdate overload; and
// the clear cudaErrorNotSupported of IPC handles and graph memory nodes.
#include "check.h"

__global__ void inc(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i]++;
}

static void check_attributes(void) {
  cudaStream_t s, t;
  CHECK_CUDA(cudaStreamCreate(&s));
  CHECK_CUDA(cudaStreamCreate(&t));
  int *d;
  CHECK_CUDA(cudaMalloc(&d, 1024 * sizeof(int)));
  cudaStreamAttrValue v = {};
  CHECK_CUDA(cudaStreamGetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &v));
  CHECK(0, v.accessPolicyWindow.num_bytes);
  v.accessPolicyWindow.base_ptr = d;
  v.accessPolicyWindow.num_bytes = 4096;
  v.accessPolicyWindow.hitRatio = 0.6f;
  v.accessPolicyWindow.hitProp = cudaAccessPropertyPersisting;
  v.accessPolicyWindow.missProp = cudaAccessPropertyStreaming;
  CHECK_CUDA(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &v));
  cudaStreamAttrValue w = {};
  CHECK_CUDA(cudaStreamGetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &w));
  CHECK(1, w.accessPolicyWindow.base_ptr == (void *)d);
  CHECK(4096, w.accessPolicyWindow.num_bytes);
  CHECK_NEAR(0.6, w.accessPolicyWindow.hitRatio, 1e-6);
  CHECK(cudaAccessPropertyPersisting, w.accessPolicyWindow.hitProp);
  CHECK(cudaAccessPropertyStreaming, w.accessPolicyWindow.missProp);
  // the hint changes nothing: work in the stream runs as before
  CHECK_CUDA(cudaMemsetAsync(d, 0, 1024 * sizeof(int), s));
  inc<<<4, 256, 0, s>>>(d, 1024);
  int h[1024];
  CHECK_CUDA(cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s));
  CHECK_CUDA(cudaStreamSynchronize(s));
  CHECK(1, h[0]);
  CHECK(1, h[1023]);
  // a missProp of Persisting, a hitRatio above 1 and a launch-only id are refused
  v.accessPolicyWindow.missProp = cudaAccessPropertyPersisting;
  CHECK(cudaErrorInvalidValue,
        cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &v));
  v.accessPolicyWindow.missProp = cudaAccessPropertyNormal;
  v.accessPolicyWindow.hitRatio = 2.0f;
  CHECK(cudaErrorInvalidValue,
        cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &v));
  CHECK(cudaErrorInvalidValue,
        cudaStreamSetAttribute(s, cudaLaunchAttributeCooperative, &v));
  CHECK(cudaErrorInvalidValue, cudaGetLastError()); // and cleared
  // defaults, priority and copies
  CHECK_CUDA(cudaStreamGetAttribute(t, cudaStreamAttributeSynchronizationPolicy, &w));
  CHECK(cudaSyncPolicyAuto, w.syncPolicy);
  v.syncPolicy = cudaSyncPolicyYield;
  CHECK_CUDA(cudaStreamSetAttribute(s, cudaStreamAttributeSynchronizationPolicy, &v));
  v.priority = -1;
  CHECK_CUDA(cudaStreamSetAttribute(s, cudaStreamAttributePriority, &v));
  int prio = 0;
  CHECK_CUDA(cudaStreamGetPriority(s, &prio));
  CHECK(-1, prio);
  CHECK_CUDA(cudaStreamCopyAttributes(t, s));
  CHECK_CUDA(cudaStreamGetAttribute(t, cudaStreamAttributeSynchronizationPolicy, &w));
  CHECK(cudaSyncPolicyYield, w.syncPolicy);
  CHECK_CUDA(cudaStreamGetAttribute(t, cudaStreamAttributeAccessPolicyWindow, &w));
  CHECK(4096, w.accessPolicyWindow.num_bytes);
  CHECK_CUDA(cudaStreamGetAttribute(t, cudaStreamAttributePriority, &w));
  CHECK(-1, w.priority);
  // a destroyed stream's attributes do not survive
  CHECK_CUDA(cudaStreamDestroy(t));
  CHECK_CUDA(cudaStreamCreate(&t));
  CHECK_CUDA(cudaStreamGetAttribute(t, cudaStreamAttributeAccessPolicyWindow, &w));
  CHECK(0, w.accessPolicyWindow.num_bytes);
  // the persisting L2 set-aside is a limit like the others
  CHECK_CUDA(cudaDeviceSetLimit(cudaLimitPersistingL2CacheSize, 1 << 20));
  size_t lim = 0;
  CHECK_CUDA(cudaDeviceGetLimit(&lim, cudaLimitPersistingL2CacheSize));
  CHECK(1 << 20, lim);
  CHECK_CUDA(cudaCtxResetPersistingL2Cache());
  CHECK_CUDA(cudaFree(d));
  CHECK_CUDA(cudaStreamDestroy(s));
  CHECK_CUDA(cudaStreamDestroy(t));
}

// CUDA 12/13 keep cudaGraphExecUpdate(exec, graph, &errorNode, &result)
// as a C++ overload (jacobiCudaGraphs uses it)
static void check_exec_update(void) {
  int *d;
  CHECK_CUDA(cudaMalloc(&d, 256 * sizeof(int)));
  CHECK_CUDA(cudaMemset(d, 0, 256 * sizeof(int)));
  cudaStream_t s;
  CHECK_CUDA(cudaStreamCreate(&s));
  cudaGraphExec_t exec = NULL;
  for (int k = 0; k < 3; k++) {
    cudaGraph_t g;
    CHECK_CUDA(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    inc<<<1, 256, 0, s>>>(d, 256 - k);
    CHECK_CUDA(cudaStreamEndCapture(s, &g));
    if (!exec) {
      CHECK_CUDA(cudaGraphInstantiate(&exec, g, NULL, NULL, 0));
    } else {
      cudaGraphNode_t bad = (cudaGraphNode_t)1;
      cudaGraphExecUpdateResult r = cudaGraphExecUpdateError;
      CHECK_CUDA(cudaGraphExecUpdate(exec, g, &bad, &r));
      CHECK(cudaGraphExecUpdateSuccess, r);
      CHECK(1, bad == NULL);
      CHECK_CUDA(cudaGraphExecUpdate(exec, g, NULL, NULL));
    }
    CHECK_CUDA(cudaGraphLaunch(exec, s));
    CHECK_CUDA(cudaStreamSynchronize(s));
    CHECK_CUDA(cudaGraphDestroy(g));
  }
  int h[256];
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(3, h[0]);
  CHECK(3, h[253]);
  CHECK(2, h[254]);
  CHECK(1, h[255]);
  CHECK_CUDA(cudaGraphExecDestroy(exec));
  CHECK_CUDA(cudaStreamDestroy(s));
  CHECK_CUDA(cudaFree(d));
}

static void check_refused(void) {
  int *d;
  CHECK_CUDA(cudaMalloc(&d, 64));
  cudaIpcMemHandle_t mh;
  CHECK(CUDA_IPC_HANDLE_SIZE, sizeof mh);
  CHECK(cudaErrorNotSupported, cudaIpcGetMemHandle(&mh, d));
  void *p = NULL;
  CHECK(cudaErrorNotSupported, cudaIpcOpenMemHandle(&p, mh, cudaIpcMemLazyEnablePeerAccess));
  cudaEvent_t ev;
  CHECK_CUDA(cudaEventCreateWithFlags(&ev, cudaEventDisableTiming | cudaEventInterprocess));
  cudaIpcEventHandle_t eh;
  CHECK(cudaErrorNotSupported, cudaIpcGetEventHandle(&eh, ev));
  CHECK_CUDA(cudaEventDestroy(ev));
  cudaGraph_t g;
  CHECK_CUDA(cudaGraphCreate(&g, 0));
  cudaMemAllocNodeParams ap = {};
  ap.poolProps.allocType = cudaMemAllocationTypePinned;
  ap.poolProps.location.type = cudaMemLocationTypeDevice;
  ap.bytesize = 64;
  cudaGraphNode_t n;
  CHECK(cudaErrorNotSupported, cudaGraphAddMemAllocNode(&n, g, NULL, 0, &ap));
  CHECK(cudaErrorNotSupported, cudaGraphAddMemFreeNode(&n, g, NULL, 0, d));
  size_t used = 0;
  CHECK(cudaErrorNotSupported,
        cudaDeviceGetGraphMemAttribute(0, cudaGraphMemAttrUsedMemCurrent, &used));
  CHECK(cudaErrorNotSupported, cudaDeviceGraphMemTrim(0));
  CHECK(cudaErrorNotSupported, cudaGetLastError());
  CHECK(cudaSuccess, cudaGetLastError());
  CHECK_CUDA(cudaGraphDestroy(g));
  CHECK_CUDA(cudaFree(d));
}

int main() {
  check_attributes();
  check_exec_update();
  check_refused();
  return check_done("stream_attributes");
}
