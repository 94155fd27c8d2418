/* webgpu_internal.h: state shared by the webgpu device's files:
 * webgpu_device.c (adapter, heap, copies, launches) and webgpu_module.c
 * (module text -> globals region, shader module, pipelines). */
#ifndef CUWA_RUNTIME_WEBGPU_INTERNAL_H
#define CUWA_RUNTIME_WEBGPU_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>

#include "runtime/cpu/cpu.h"
#include "runtime/webgpu/webgpu.h"
#include "runtime/webgpu/wgpu_api.h"

/* Device pointers are WG_HEAP_TAG | heap byte offset: never a host address
 * (bit 62 set), and the low word is what kernels use. */
#define WG_HEAP_TAG ((uintptr_t)1 << 62)
#define WG_UNIFORM_SIZE 65536 /* maxUniformBufferBindingSize's default */
#define WG_PRINTF_BYTES (1 << 20) /* = WGSL_PRINTF_BYTES of the back end */

typedef struct WgRange {
  uint64_t off, size;  /* a live allocation of the heap */
} WgRange;

typedef struct WgKernelInfo {
  int ordinal;
  bool barrier;        /* uses __syncthreads(): never split over workgroups */
  bool vt;             /* has the coarse entry point cuwa_k<ordinal>_vt */
} WgKernelInfo;

typedef struct WgVar {
  char *name;
  uint32_t offset, size; /* in the module's globals region */
} WgVar;

typedef struct WgPipeline {
  int ordinal;
  uint32_t wg, dyn_words;  /* the override constants it was made with */
  uint32_t vt;             /* CUDA threads per invocation (1: plain entry) */
  WGPUComputePipeline pipeline;
} WgPipeline;

typedef struct WgModule {
  const CuwaModuleDesc *desc;
  bool failed;             /* no usable WGSL: launches report why */
  uint32_t globals_base;   /* heap offset of the globals region */
  uint32_t globals_size, shared_static, uniform_size;
  bool uses_trap;
  bool uses_printf;        /* "// cuwa-printf": launches flush the buffer */
  char **strings;          /* "// cuwa-string" lines: printf formats */
  int string_count;
  WgKernelInfo *kernels;
  int kernel_count;
  WgVar *vars;
  int var_count;
  uint32_t local_size;     /* bytes of one thread's cuwa_lm */
  WGPUShaderModule shader; /* NULL until the first launch */
  struct WgVtShader {      /* the text with cuwa_vt = vt, for coarse launches */
    uint32_t vt;
    WGPUShaderModule shader;
  } *vt_shaders;
  int vt_count;
  WgPipeline *pipelines;
  int pipeline_count, pipeline_cap;
} WgModule;

typedef struct WgDevice {
  Device base;
  pthread_mutex_t lock;    /* one user of the WebGPU device at a time */
  WgpuApi api;
  WGPUInstance instance;
  WGPUAdapter adapter;
  WGPUDevice device;
  WGPUQueue queue;
  WGPULimits limits;       /* the adapter's, requested for the device */
  char name[128];          /* the adapter's device name */
  WGPUBindGroupLayout bgl;
  WGPUPipelineLayout layout;
  WGPUBuffer heap, uniform;
  uint64_t heap_size;
  WGPUBindGroup bind_group;/* heap + uniform; remade when the heap grows */
  WgRange *ranges;         /* live allocations, sorted by offset */
  size_t range_count, range_cap;
  unsigned char *staging;  /* WG_UNIFORM_SIZE bytes for the uniform data */
  WgModule *modules;
  int module_count;
  char error[1024];        /* first uncaptured Dawn error, "" if none */
  uint32_t printf_off;     /* heap offset of the printf buffer, 0: none yet */
} WgDevice;

/* webgpu_device.c */
cudaError_t wg_wait_idle(WgDevice *w);
cudaError_t wg_take_error(WgDevice *w);
cudaError_t wg_heap_alloc(WgDevice *w, uint64_t size, uint32_t *out);
cudaError_t wg_read(WgDevice *w, uint64_t off, void *dst, size_t n);
cudaError_t wg_write(WgDevice *w, uint64_t off, const void *src, size_t n);

/* webgpu_printf.c (callers hold w->lock) */
cudaError_t wg_printf_buffer(WgDevice *w);
cudaError_t wg_printf_flush(WgDevice *w, const WgModule *m);

/* webgpu_module.c (callers hold w->lock) */
cudaError_t wg_module_for_kernel(WgDevice *w, const CuwaKernelDesc *k, WgModule **out);
const WgKernelInfo *wg_kernel_info(const WgModule *m, int ordinal);
cudaError_t wg_pipeline(WgDevice *w, WgModule *m, const CuwaKernelDesc *k, uint32_t wg,
                        uint32_t dyn_words, uint32_t vt, WGPUComputePipeline *out);
cudaError_t wg_var_offset(WgDevice *w, const void *host_addr, size_t n, uint64_t *off);
void wg_modules_free(WgDevice *w);

#endif
