/* cuda_device.c: the cuda devices, one per GPU the driver shows. Opens
 * libcuda.so.1 with dlopen, takes each GPU's primary context, loads every
 * registered module's PTX into it on first need (cuModuleLoadDataEx; a
 * JIT error log becomes a cuwa message), launches
 * cuwa_k<ordinal> with cuLaunchKernel (cuLaunchCooperativeKernel) and
 * maps memory operations to cuMem*, all on the calling host thread's
 * per-thread stream (one host thread per runtime stream: streams overlap).
 * Launches complete before launch returns (the runtime's events read host
 * time), and a fault inside a kernel is reported like the CPU device's
 * asserts. Managed memory is cuMemAllocManaged; pinned and registered host
 * memory is cuMemHostRegister'ed (mapped, same address with UVA). Symbol
 * copies: the runtime passes a variable's CPU address, which is mapped here
 * to its cuModuleGetGlobal address. Peer access and peer copies between
 * two GPUs are cuCtxEnablePeerAccess and cuMemcpyPeerAsync.
 * Contexts: every op makes its GPU's primary context current on the
 * calling host thread (cuCtxSetCurrent) before any driver call, as
 * cudart does. Not push/pop: nothing in cuwa needs the previous context
 * back, and one call per op cannot be left unbalanced on an error path. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cpu/cpu.h"
#include "runtime/cuda/cuda.h"
#include "runtime/runtime.h"

/* ---- the driver API subset (cuda.h of the toolkit, by value) ------------------ */

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;

/* Every operation runs on the calling host thread's own default stream:
 * the runtime calls the ops from one host thread per stream, so kernels
 * of different streams run concurrently, as CUDA's. */
#define CU_STREAM_PER_THREAD ((CUstream)0x2)
#define CU_MEM_ATTACH_GLOBAL 1u
#define CU_MEMHOSTREGISTER_PORTABLE_DEVICEMAP 3u
#define CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH 95
#define CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED 712

enum {
  CU_JIT_INFO_LOG_BUFFER = 3, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4,
  CU_JIT_ERROR_LOG_BUFFER = 5, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
};

#define CUDA_FUNCS(X)                                                                  \
  X(cuInit, (unsigned))                                                                \
  X(cuDriverGetVersion, (int *))                                                       \
  X(cuDeviceGetCount, (int *))                                                         \
  X(cuDeviceGet, (CUdevice *, int))                                                    \
  X(cuDeviceGetName, (char *, int, CUdevice))                                          \
  X(cuDeviceGetAttribute, (int *, int, CUdevice))                                      \
  X(cuDeviceTotalMem_v2, (size_t *, CUdevice))                                         \
  X(cuDevicePrimaryCtxRetain, (CUcontext *, CUdevice))                                 \
  X(cuDevicePrimaryCtxRelease_v2, (CUdevice))                                          \
  X(cuCtxSetCurrent, (CUcontext))                                                      \
  X(cuCtxSynchronize, (void))                                                          \
  X(cuModuleLoadDataEx, (CUmodule *, const void *, unsigned, int *, void **))          \
  X(cuModuleGetFunction, (CUfunction *, CUmodule, const char *))                       \
  X(cuModuleGetGlobal_v2, (CUdeviceptr *, size_t *, CUmodule, const char *))           \
  X(cuFuncSetAttribute, (CUfunction, int, int))                                        \
  X(cuLaunchKernel, (CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned,     \
                     unsigned, unsigned, void *, void **, void **))                    \
  X(cuLaunchCooperativeKernel, (CUfunction, unsigned, unsigned, unsigned, unsigned,   \
                                unsigned, unsigned, unsigned, CUstream, void **))       \
  X(cuStreamSynchronize, (CUstream))                                                   \
  X(cuMemAllocManaged, (CUdeviceptr *, size_t, unsigned))                              \
  X(cuMemHostRegister_v2, (void *, size_t, unsigned))                                  \
  X(cuMemHostUnregister, (void *))                                                     \
  X(cuMemcpyHtoDAsync_v2, (CUdeviceptr, const void *, size_t, CUstream))               \
  X(cuMemcpyDtoHAsync_v2, (void *, CUdeviceptr, size_t, CUstream))                     \
  X(cuMemcpyDtoDAsync_v2, (CUdeviceptr, CUdeviceptr, size_t, CUstream))                \
  X(cuMemsetD8Async, (CUdeviceptr, unsigned char, size_t, CUstream))                   \
  X(cuMemAlloc_v2, (CUdeviceptr *, size_t))                                            \
  X(cuMemFree_v2, (CUdeviceptr))                                                       \
  X(cuMemcpyHtoD_v2, (CUdeviceptr, const void *, size_t))                              \
  X(cuMemcpyDtoH_v2, (void *, CUdeviceptr, size_t))                                   \
  X(cuMemcpyDtoD_v2, (CUdeviceptr, CUdeviceptr, size_t))                               \
  X(cuMemsetD8_v2, (CUdeviceptr, unsigned char, size_t))                               \
  X(cuMemGetInfo_v2, (size_t *, size_t *))                                             \
  X(cuGetErrorString, (CUresult, const char **))                                       \
  X(cuDeviceCanAccessPeer, (int *, CUdevice, CUdevice))                                \
  X(cuDeviceGetP2PAttribute, (int *, int, CUdevice, CUdevice))                         \
  X(cuCtxEnablePeerAccess, (CUcontext, unsigned))                                      \
  X(cuCtxDisablePeerAccess, (CUcontext))                                               \
  X(cuMemcpyPeerAsync, (CUdeviceptr, CUcontext, CUdeviceptr, CUcontext, size_t, CUstream))

/* Entry points a driver may lack (cuwa then does without). */
#define CUDA_OPTIONAL_FUNCS(X) X(cuDeviceGetUuid_v2, (cudaUUID_t *, CUdevice))

typedef struct CudaApi {
#define X(name, args) CUresult (*name) args;
  CUDA_FUNCS(X)
  CUDA_OPTIONAL_FUNCS(X)
#undef X
} CudaApi;

/* ---- device state ----------------------------------------------------------------- */

typedef struct CudaKernel {
  const CuwaKernelDesc *desc;
  CUfunction fn;
  int dyn_set;            /* dynamic shared size allowed so far */
} CudaKernel;

typedef struct CudaVar {
  const CuwaVarDesc *desc;
  CUdeviceptr addr;       /* the variable on the GPU */
} CudaVar;

typedef struct CudaModule {
  const CuwaModuleDesc *desc;
  CUmodule mod;           /* NULL when it has no PTX or failed to load */
  bool reported;          /* its error was printed */
} CudaModule;

typedef struct CudaDevice {
  Device base;
  void *lib;
  CudaApi api;
  int gpu;                /* driver ordinal (after CUDA_VISIBLE_DEVICES) */
  CUdevice dev;
  CUcontext ctx;          /* the GPU's primary context */
  atomic_int loaded;      /* modules loaded into ctx (load_lock) */
  pthread_mutex_t load_lock;
  pthread_mutex_t lock;   /* guards the kernel table */
  CudaModule *modules;
  size_t module_count;
  CudaKernel *kernels;
  size_t kernel_count, kernel_cap;
  CudaVar *vars;
  size_t var_count;
} CudaDevice;

static cudaError_t to_cuda(CUresult r) { return (cudaError_t)r; /* same numbers */ }

static CudaDevice *cd_of(Device *dev) {
  CudaDevice *cd = dev->impl;
  cd->api.cuCtxSetCurrent(cd->ctx);  /* contexts are per host thread */
  return cd;
}

static const char *error_text(CudaDevice *cd, CUresult r) {
  const char *s = NULL;
  if (cd->api.cuGetErrorString && cd->api.cuGetErrorString(r, &s) == 0 && s) return s;
  return "unknown CUDA driver error";
}

/* ---- modules, kernels, variables ---------------------------------------------------- */

/* Loads one module's PTX; reports a missing PTX or a JIT error once. */
static void load_module(CudaDevice *cd, CudaModule *cm) {
  const CuwaTargetCode *ptx = cm->desc->ptx;
  if (!ptx || !ptx->text) {
    fprintf(stderr, "cuwa: %s has no PTX for the cuda device%s%s\n",
            cm->desc->source_path ? cm->desc->source_path : "a module",
            ptx && ptx->error ? ":\n" : "", ptx && ptx->error ? ptx->error : "");
    cm->reported = true;
    return;
  }
  enum { LOG_SIZE = 16384 };
  char *log = calloc(1, LOG_SIZE); /* per call: GPUs load on several threads */
  int opts[2] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *vals[2] = {log, (void *)(uintptr_t)(log ? LOG_SIZE : 0)};
  CUresult r = cd->api.cuModuleLoadDataEx(&cm->mod, ptx->text, 2, opts, vals);
  if (r != 0) {
    const char *text = log ? log : "";
    fprintf(stderr, "cuwa: the CUDA driver rejected the PTX of %s: %s\n%s%s",
            cm->desc->source_path ? cm->desc->source_path : "a module", error_text(cd, r), text,
            text[0] && text[strlen(text) - 1] != '\n' ? "\n" : "");
    cm->mod = NULL;
    cm->reported = true;
  }
  free(log);
}

/* The PTX name of a variable: "a::b::x" is "a$$b$$x" (ptx_global_name). */
static void ptx_var_name(const char *name, char *out, size_t size) {
  size_t o = 0;
  for (; *name && o + 2 < size; name++)
    if (name[0] == ':' && name[1] == ':') out[o++] = '$', out[o++] = '$', name++;
    else out[o++] = *name;
  out[o] = 0;
}

static void map_vars(CudaDevice *cd, CudaModule *cm) {
  const CuwaModuleDesc *m = cm->desc;
  for (int k = 0; k < m->var_count; k++) {
    CUdeviceptr p = 0;
    size_t size = 0;
    char name[1024];
    ptx_var_name(m->vars[k]->name, name, sizeof name);
    if (cd->api.cuModuleGetGlobal_v2(&p, &size, cm->mod, name) == 0)
      cd->vars[cd->var_count++] = (CudaVar){m->vars[k], p};
  }
}

static void load_all(CudaDevice *cd) {
  Registry *r = &rt_global()->reg;
  size_t nvars = 0;
  cd->modules = calloc(r->module_count + 1, sizeof *cd->modules);
  for (size_t k = 0; k < r->module_count; k++) nvars += (size_t)r->modules[k]->var_count;
  cd->vars = calloc(nvars + 1, sizeof *cd->vars);
  if (!cd->modules || !cd->vars) return;
  for (size_t k = 0; k < r->module_count; k++) {
    CudaModule *cm = &cd->modules[cd->module_count++];
    cm->desc = r->modules[k];
    load_module(cd, cm);
    if (cm->mod) map_vars(cd, cm);
  }
}

/* Loads the modules into this GPU's context the first time a kernel or a
 * variable of this GPU is needed: a program that only counts GPUs, or
 * uses one, never JIT-compiles the PTX for the others. */
static void ensure_loaded(CudaDevice *cd) {
  if (atomic_load_explicit(&cd->loaded, memory_order_acquire)) return;
  pthread_mutex_lock(&cd->load_lock);
  if (!atomic_load_explicit(&cd->loaded, memory_order_relaxed)) {
    cd->api.cuCtxSetCurrent(cd->ctx);
    load_all(cd);
    atomic_store_explicit(&cd->loaded, 1, memory_order_release);
  }
  pthread_mutex_unlock(&cd->load_lock);
}

/* Is p inside a registered variable's CPU storage? (Before loading: only
 * such an address needs the modules to be mapped.) */
static bool is_var_address(const void *p) {
  Registry *r = &rt_global()->reg;
  for (size_t k = 0; k < r->module_count; k++)
    for (int i = 0; i < r->modules[k]->var_count; i++) {
      const CuwaVarDesc *v = r->modules[k]->vars[i];
      if ((const char *)p >= (const char *)v->cpu_addr &&
          (const char *)p < (const char *)v->cpu_addr + v->size)
        return true;
    }
  return false;
}

static CudaModule *module_of(CudaDevice *cd, const CuwaKernelDesc *k) {
  for (size_t m = 0; m < cd->module_count; m++)
    for (int i = 0; i < cd->modules[m].desc->kernel_count; i++)
      if (cd->modules[m].desc->kernels[i] == k) return &cd->modules[m];
  return NULL;
}

/* The kernel's CUfunction (cached), or an error. Caller holds cd->lock. */
static cudaError_t find_function(CudaDevice *cd, const CuwaKernelDesc *k, CudaKernel **out) {
  for (size_t i = 0; i < cd->kernel_count; i++)
    if (cd->kernels[i].desc == k) {
      *out = &cd->kernels[i];
      return cudaSuccess;
    }
  CudaModule *cm = module_of(cd, k);
  if (!cm || !cm->mod) {
    if (!cm) fprintf(stderr, "cuwa: kernel %s is in no registered module\n", k->name);
    return cm && cm->desc->ptx && cm->desc->ptx->text ? cudaErrorInvalidPtx
                                                      : cudaErrorNoKernelImageForDevice;
  }
  char name[32];
  snprintf(name, sizeof name, "cuwa_k%d", k->ordinal);
  CUfunction fn;
  CUresult r = cd->api.cuModuleGetFunction(&fn, cm->mod, name);
  if (r != 0) return to_cuda(r);
  if (cd->kernel_count == cd->kernel_cap) {
    size_t cap = cd->kernel_cap ? cd->kernel_cap * 2 : 16;
    CudaKernel *p = realloc(cd->kernels, cap * sizeof *p);
    if (!p) return cudaErrorMemoryAllocation;
    cd->kernels = p;
    cd->kernel_cap = cap;
  }
  cd->kernels[cd->kernel_count] = (CudaKernel){k, fn, 0};
  *out = &cd->kernels[cd->kernel_count++];
  return cudaSuccess;
}

/* A device address as the GPU knows it: a __device__ variable's CPU
 * address (what the runtime's symbol calls pass) becomes its GPU address. */
static CUdeviceptr dptr(CudaDevice *cd, const void *p) {
  if (!atomic_load_explicit(&cd->loaded, memory_order_acquire)) {
    if (!is_var_address(p)) return (CUdeviceptr)(uintptr_t)p;
    ensure_loaded(cd);
    cd->api.cuCtxSetCurrent(cd->ctx); /* loading may run on this thread only */
  }
  for (size_t i = 0; i < cd->var_count; i++) {
    const char *base = cd->vars[i].desc->cpu_addr;
    if ((const char *)p >= base && (const char *)p < base + cd->vars[i].desc->size)
      return cd->vars[i].addr + (CUdeviceptr)((const char *)p - base);
  }
  return (CUdeviceptr)(uintptr_t)p;
}

/* ---- operations ------------------------------------------------------------------------- */

static cudaError_t cu_malloc(Device *dev, size_t size, void **out) {
  CudaDevice *cd = cd_of(dev);
  CUdeviceptr p = 0;
  CUresult r = cd->api.cuMemAlloc_v2(&p, size ? size : 1);
  if (r != 0) return to_cuda(r);
  *out = (void *)(uintptr_t)p;
  return cudaSuccess;
}

static void cu_free(Device *dev, void *ptr) {
  CudaDevice *cd = cd_of(dev);
  cd->api.cuMemFree_v2((CUdeviceptr)(uintptr_t)ptr);
}

static cudaError_t cu_malloc_managed(Device *dev, size_t size, void **out) {
  CudaDevice *cd = cd_of(dev);
  CUdeviceptr p = 0;
  CUresult r = cd->api.cuMemAllocManaged(&p, size ? size : 1, CU_MEM_ATTACH_GLOBAL);
  if (r != 0) return to_cuda(r);
  *out = (void *)(uintptr_t)p;
  return cudaSuccess;
}

/* Pinned and mapped: with unified addressing (every 64-bit GPU) the
 * device address of registered host memory is its host address. */
static cudaError_t cu_host_register(Device *dev, void *ptr, size_t size) {
  CudaDevice *cd = cd_of(dev);
  CUresult r = cd->api.cuMemHostRegister_v2(ptr, size, CU_MEMHOSTREGISTER_PORTABLE_DEVICEMAP);
  /* portable: registered for every GPU by the first one (the runtime asks
   * each device; the runtime's table has refused a double registration) */
  return r == CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED ? cudaSuccess : to_cuda(r);
}

static void cu_host_unregister(Device *dev, void *ptr) {
  CudaDevice *cd = cd_of(dev);
  cd->api.cuMemHostUnregister(ptr);
}

/* The result of r, then of waiting for the calling thread's stream. */
static cudaError_t finish(CudaDevice *cd, CUresult r) {
  if (r == 0) r = cd->api.cuStreamSynchronize(CU_STREAM_PER_THREAD);
  return to_cuda(r);
}

static cudaError_t cu_h2d(Device *dev, void *dst, const void *src, size_t n) {
  CudaDevice *cd = cd_of(dev);
  return finish(cd, cd->api.cuMemcpyHtoDAsync_v2(dptr(cd, dst), src, n, CU_STREAM_PER_THREAD));
}

static cudaError_t cu_d2h(Device *dev, void *dst, const void *src, size_t n) {
  CudaDevice *cd = cd_of(dev);
  return finish(cd, cd->api.cuMemcpyDtoHAsync_v2(dst, dptr(cd, src), n, CU_STREAM_PER_THREAD));
}

static cudaError_t cu_d2d(Device *dev, void *dst, const void *src, size_t n) {
  CudaDevice *cd = cd_of(dev);
  return finish(cd, cd->api.cuMemcpyDtoDAsync_v2(dptr(cd, dst), dptr(cd, src), n,
                                                 CU_STREAM_PER_THREAD));
}

static cudaError_t cu_memset(Device *dev, void *dst, int value, size_t n) {
  CudaDevice *cd = cd_of(dev);
  return finish(cd, cd->api.cuMemsetD8Async(dptr(cd, dst), (unsigned char)value, n,
                                            CU_STREAM_PER_THREAD));
}

static cudaError_t launch_on(Device *dev, const DeviceLaunch *l, bool cooperative) {
  CudaDevice *cd = dev->impl;
  ensure_loaded(cd);
  cd = cd_of(dev);
  const CuwaKernelDesc *k = l->kernel;
  CudaKernel *ck = NULL;
  pthread_mutex_lock(&cd->lock);
  cudaError_t e = find_function(cd, k, &ck);
  if (e == cudaSuccess && l->dyn_shared > 48 * 1024 && (int)l->dyn_shared > ck->dyn_set) {
    e = to_cuda(cd->api.cuFuncSetAttribute(ck->fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                           (int)l->dyn_shared));
    if (e == cudaSuccess) ck->dyn_set = (int)l->dyn_shared;
  }
  CUfunction fn = ck ? ck->fn : NULL;
  pthread_mutex_unlock(&cd->lock);
  if (e != cudaSuccess) return e;
  void *stack_args[64];
  void **args = k->param_count <= 64 ? stack_args : malloc(sizeof *args * (size_t)k->param_count);
  if (!args) return cudaErrorMemoryAllocation;
  for (int i = 0; i < k->param_count; i++) args[i] = (char *)l->params + k->param_offsets[i];
  CUresult r = cooperative
                   ? cd->api.cuLaunchCooperativeKernel(fn, l->grid.x, l->grid.y, l->grid.z,
                                                       l->block.x, l->block.y, l->block.z,
                                                       (unsigned)l->dyn_shared,
                                                       CU_STREAM_PER_THREAD, args)
                   : cd->api.cuLaunchKernel(fn, l->grid.x, l->grid.y, l->grid.z, l->block.x,
                                            l->block.y, l->block.z, (unsigned)l->dyn_shared,
                                            CU_STREAM_PER_THREAD, args, NULL);
  if (args != stack_args) free(args);
  if (r != 0) return to_cuda(r);
  /* done before returning, as on the CPU: a fault (an assert) is raised
   * through the launch state and reported by the next call */
  r = cd->api.cuStreamSynchronize(CU_STREAM_PER_THREAD);
  if (r != 0) atomic_store(&l->state->error, (int)to_cuda(r));
  return cudaSuccess;
}

static cudaError_t cu_launch(Device *dev, const DeviceLaunch *l) {
  return launch_on(dev, l, false);
}

static cudaError_t cu_launch_cooperative(Device *dev, const DeviceLaunch *l) {
  return launch_on(dev, l, true);
}

static cudaError_t cu_synchronize(Device *dev) {
  CudaDevice *cd = cd_of(dev);
  return to_cuda(cd->api.cuCtxSynchronize());
}

static cudaError_t cu_mem_info(Device *dev, size_t *free_bytes, size_t *total) {
  CudaDevice *cd = cd_of(dev);
  return to_cuda(cd->api.cuMemGetInfo_v2(free_bytes, total));
}

static int attr(CudaDevice *cd, int a) {
  int v = 0;
  cd->api.cuDeviceGetAttribute(&v, a, cd->dev);
  return v;
}

static void cu_properties(Device *dev, struct cudaDeviceProp *p) {
  CudaDevice *cd = cd_of(dev);
  cpu_fill_properties(p, 1);  /* every field set; the GPU's values below */
  cd->api.cuDeviceGetName(p->name, (int)sizeof p->name, cd->dev);
  size_t total = 0;
  cd->api.cuDeviceTotalMem_v2(&total, cd->dev);
  p->totalGlobalMem = total;
  p->maxThreadsPerBlock = attr(cd, 1);
  for (int i = 0; i < 3; i++) p->maxThreadsDim[i] = attr(cd, 2 + i);
  for (int i = 0; i < 3; i++) p->maxGridSize[i] = attr(cd, 5 + i);
  p->sharedMemPerBlock = (size_t)attr(cd, 8);
  p->totalConstMem = (size_t)attr(cd, 9);
  p->warpSize = attr(cd, 10);
  p->regsPerBlock = attr(cd, 12);
  p->clockRate = attr(cd, 13);
  p->multiProcessorCount = attr(cd, 16);
  p->integrated = attr(cd, 18);
  p->canMapHostMemory = attr(cd, 19);
  p->computeMode = attr(cd, 20);
  p->concurrentKernels = attr(cd, 31);
  p->memoryClockRate = attr(cd, 36);
  p->memoryBusWidth = attr(cd, 37);
  p->l2CacheSize = attr(cd, 38);
  p->maxThreadsPerMultiProcessor = attr(cd, 39);
  p->asyncEngineCount = attr(cd, 40);
  p->unifiedAddressing = attr(cd, 41);
  p->major = attr(cd, 75);
  p->minor = attr(cd, 76);
  p->sharedMemPerMultiprocessor = (size_t)attr(cd, 81);
  p->regsPerMultiprocessor = attr(cd, 82);
  p->managedMemory = attr(cd, 83);
  p->sharedMemPerBlockOptin = (size_t)attr(cd, 97);
  p->maxBlocksPerMultiProcessor = attr(cd, 106);
  p->cooperativeLaunch = attr(cd, CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH);
  p->kernelExecTimeoutEnabled = attr(cd, 17);
  p->ECCEnabled = attr(cd, 32);
  p->pciBusID = attr(cd, 33);
  p->pciDeviceID = attr(cd, 34);
  p->tccDriver = attr(cd, 35);
  p->pciDomainID = attr(cd, 50);
  p->isMultiGpuBoard = attr(cd, 84);
  p->multiGpuBoardGroupID = attr(cd, 85);
  p->hostNativeAtomicSupported = attr(cd, 86);
  p->pageableMemoryAccess = attr(cd, 88);
  p->concurrentManagedAccess = attr(cd, 89);
  p->canUseHostPointerForRegisteredMem = attr(cd, 91);
  p->directManagedMemAccessFromHost = attr(cd, 101);
  p->memoryPoolsSupported = attr(cd, 115);
  memset(&p->uuid, 0, sizeof p->uuid);
  if (cd->api.cuDeviceGetUuid_v2) cd->api.cuDeviceGetUuid_v2(&p->uuid, cd->dev);
}

/* ---- peers ------------------------------------------------------------------------------ */

/* attr: enum cudaDeviceP2PAttr, the same numbers as CUdevice_P2PAttribute;
 * AccessSupported is cuDeviceCanAccessPeer's answer. */
static int cu_peer_attribute(Device *dev, Device *peer, int attr) {
  CudaDevice *a = cd_of(dev), *b = peer->impl;
  int v = 0;
  if (a->dev == b->dev) return 0; /* the same GPU listed twice (cuda:0,cuda:0) */
  if (attr == cudaDevP2PAttrAccessSupported)
    return a->api.cuDeviceCanAccessPeer(&v, a->dev, b->dev) == 0 && v;
  return a->api.cuDeviceGetP2PAttribute(&v, attr, a->dev, b->dev) == 0 ? v : 0;
}

/* dev's context may map peer's memory (kernels of dev read and write it). */
static cudaError_t cu_peer_enable(Device *dev, Device *peer) {
  CudaDevice *a = cd_of(dev), *b = peer->impl;
  return to_cuda(a->api.cuCtxEnablePeerAccess(b->ctx, 0));
}

static cudaError_t cu_peer_disable(Device *dev, Device *peer) {
  CudaDevice *a = cd_of(dev), *b = peer->impl;
  return to_cuda(a->api.cuCtxDisablePeerAccess(b->ctx));
}

/* GPU to GPU directly (over NVLink or PCIe; the driver stages only when
 * the two GPUs cannot reach each other), on the calling thread's stream
 * of the destination's context. */
static cudaError_t cu_memcpy_peer(Device *dev, void *dst, Device *src_dev, const void *src,
                                  size_t n) {
  CudaDevice *s = src_dev->impl;
  CUdeviceptr from = dptr(s, src);
  CudaDevice *d = cd_of(dev);
  return finish(d, d->api.cuMemcpyPeerAsync(dptr(d, dst), d->ctx, from, s->ctx, n,
                                            CU_STREAM_PER_THREAD));
}

static void cu_destroy(Device *dev) {
  CudaDevice *cd = dev->impl;
  cd->api.cuDevicePrimaryCtxRelease_v2(cd->dev);
  free(cd->modules);
  free(cd->kernels);
  free(cd->vars);
  pthread_mutex_destroy(&cd->lock);
  pthread_mutex_destroy(&cd->load_lock);
  free(cd);  /* libcuda stays loaded: its threads may still run */
}

static const DeviceOps cuda_ops = {
    .malloc = cu_malloc,
    .free = cu_free,
    .memcpy_h2d = cu_h2d,
    .memcpy_d2h = cu_d2h,
    .memcpy_d2d = cu_d2d,
    .memset = cu_memset,
    .launch = cu_launch,
    .synchronize = cu_synchronize,
    .mem_info = cu_mem_info,
    .properties = cu_properties,
    .destroy = cu_destroy,
    .launch_cooperative = cu_launch_cooperative,
    .malloc_managed = cu_malloc_managed,
    .host_register = cu_host_register,
    .host_unregister = cu_host_unregister,
    .peer_attribute = cu_peer_attribute,
    .peer_enable = cu_peer_enable,
    .peer_disable = cu_peer_disable,
    .memcpy_peer = cu_memcpy_peer,
};

/* ---- opening the driver ------------------------------------------------------------------- */

/* Every CUDA_FUNCS entry point, or false with the missing one in why.
 * libcuda stays loaded (dlopen counts references): after cuInit its
 * threads may run, so it is never closed. */
static bool load_api(CudaApi *api, void **lib, char *why, size_t why_size) {
  *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!*lib) {
    snprintf(why, why_size, "no NVIDIA driver (libcuda.so.1 not found)");
    return false;
  }
#define X(name, args)                                                        \
  *(void **)&api->name = dlsym(*lib, #name);                                 \
  if (!api->name) {                                                          \
    snprintf(why, why_size, "libcuda.so.1 lacks %s (driver too old)", #name); \
    return false;                                                            \
  }
  CUDA_FUNCS(X)
#undef X
#define X(name, args) *(void **)&api->name = dlsym(*lib, #name);
  CUDA_OPTIONAL_FUNCS(X)
#undef X
  return true;
}

static const char *api_error_text(const CudaApi *api, CUresult r) {
  const char *s = NULL;
  if (api->cuGetErrorString && api->cuGetErrorString(r, &s) == 0 && s) return s;
  return "unknown CUDA driver error";
}

/* cuInit, then the number of GPUs (0 with why). */
static int count_gpus(const CudaApi *api, char *why, size_t why_size) {
  int n = 0;
  CUresult r = api->cuInit(0);
  if (r == 0) r = api->cuDeviceGetCount(&n);
  if (r != 0 || n <= 0) {
    snprintf(why, why_size, "%s", r ? api_error_text(api, r) : "no NVIDIA GPU present");
    return 0;
  }
  return n;
}

int cuda_device_count(char *why, size_t why_size) {
  CudaApi api;
  void *lib = NULL;
  memset(&api, 0, sizeof api);
  if (!load_api(&api, &lib, why, why_size)) return 0;
  return count_gpus(&api, why, why_size);
}

static bool open_gpu(CudaDevice *cd, int gpu, char *why, size_t why_size) {
  int n = count_gpus(&cd->api, why, why_size);
  if (n == 0) return false;
  if (gpu < 0 || gpu >= n) {
    snprintf(why, why_size, "no GPU %d (the driver shows %d)", gpu, n);
    return false;
  }
  CUresult r = cd->api.cuDeviceGet(&cd->dev, gpu);
  if (r == 0) r = cd->api.cuDevicePrimaryCtxRetain(&cd->ctx, cd->dev);
  if (r == 0) r = cd->api.cuCtxSetCurrent(cd->ctx);
  if (r != 0) {
    snprintf(why, why_size, "GPU %d: %s", gpu, error_text(cd, r));
    return false;
  }
  cd->gpu = gpu;
  return true;
}

static bool all_modules_have_ptx(char *why, size_t why_size) {
  Registry *r = &rt_global()->reg;
  for (size_t k = 0; k < r->module_count; k++) {
    const CuwaTargetCode *p = r->modules[k]->ptx;
    if (!p || !p->text) {
      snprintf(why, why_size, "%s was not compiled to PTX", r->modules[k]->source_path);
      return false;
    }
  }
  return true;
}

Device *cuda_device_open(int gpu, char *why, size_t why_size, bool require_ptx) {
  if (require_ptx && !all_modules_have_ptx(why, why_size)) return NULL;
  CudaDevice *cd = calloc(1, sizeof *cd);
  if (!cd) {
    snprintf(why, why_size, "out of memory");
    return NULL;
  }
  if (!load_api(&cd->api, &cd->lib, why, why_size) || !open_gpu(cd, gpu, why, why_size)) {
    free(cd); /* libcuda stays loaded (load_api) */
    return NULL;
  }
  pthread_mutex_init(&cd->lock, NULL);
  pthread_mutex_init(&cd->load_lock, NULL);
  atomic_init(&cd->loaded, 0);
  cd->base = (Device){"cuda", &cuda_ops, cd};
  return &cd->base;
}

Device *cuda_device_new(char *why, size_t why_size, bool require_ptx) {
  return cuda_device_open(0, why, why_size, require_ptx);
}
