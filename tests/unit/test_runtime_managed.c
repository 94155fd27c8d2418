/* test_runtime_managed.c: __managed__ variables as the runtime sees them.
 * A module (written here by hand, as the C back end would) describes a
 * variable with space CUWA_VAR_MANAGED; the host code reads and writes its
 * shadow. The runtime copies the shadow to the device copy before each
 * launch and back after it, on the legacy stream and on created streams,
 * so host and kernel see one value. */
#include <stdio.h>
#include <stdlib.h>

#include "cuda_runtime.h"
#include "cuwa/kernel_abi.h"

static int passed, failed;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (cond)                                                           \
      passed++;                                                         \
    else {                                                              \
      failed++;                                                         \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
    }                                                                   \
  } while (0)

static int device_copy;  /* the variable's device storage (CPU device) */
int counter;             /* its host shadow: what host code names */

/* __global__ void inc() { counter += 1; } */
static void inc_block(const CuwaBlockCtx *ctx, const void *params) {
  device_copy += 1;
}

static const uint32_t none[1] = {0};
static const CuwaKernelDesc inc_desc = {
    .name = "inc", .cpu_block = inc_block, .param_offsets = none,
    .param_sizes = none, .param_buffer_align = 1, .source_path = "managed.cu"};
static const CuwaVarDesc counter_desc = {"counter", &device_copy, sizeof(int),
                                         CUWA_VAR_MANAGED};
static const CuwaKernelDesc *const kernels[] = {&inc_desc};
static const CuwaVarDesc *const vars[] = {&counter_desc};
static const CuwaModuleDesc module = {CUWA_ABI_VERSION, "managedtest", "managed.cu",
                                      1, kernels, 1, vars, NULL, NULL};

void inc(void) { cuwa_launch_stub(&inc_desc, NULL); }

__attribute__((constructor)) static void register_module(void) {
  cuwa_register_module(&module);
  cuwa_register_kernel_stub((const void *)inc, &inc_desc);
  cuwa_register_var_shadow(&counter, &counter_desc);
}

int main(void) {
  setenv("CUWA_DEVICE", "cpu", 0);
  dim3 one = {1, 1, 1};
  counter = 41;
  if (!cuwaPushCallConfiguration(one, one, 0, 0))
    inc();
  CHECK(cudaDeviceSynchronize() == cudaSuccess);
  CHECK(counter == 42);
  CHECK(device_copy == 42);
  counter = 100; /* the host writes; the next launch sees it */
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s) == cudaSuccess);
  for (int i = 0; i < 5; i++)
    if (!cuwaPushCallConfiguration(one, one, 0, s))
      inc();
  CHECK(cudaStreamSynchronize(s) == cudaSuccess);
  CHECK(counter == 105);
  int via_symbol = 0;
  CHECK(cudaMemcpyFromSymbol(&via_symbol, &counter, sizeof(int), 0,
                             cudaMemcpyDeviceToHost) == cudaSuccess);
  CHECK(via_symbol == 105);
  CHECK(cudaStreamDestroy(s) == cudaSuccess);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
