/* webgpu_device.c: the webgpu device. Device memory is one storage buffer
 * (the heap) that grows by copying; a device pointer is HEAP_TAG + byte
 * offset, so the low 32 bits that kernels read are the offset itself.
 * Module globals (__device__, __constant__) live in a heap region per
 * module. Launches write the uniform buffer (grid, block, parameters) and
 * submit one dispatch; copies to the host wait for the queue. It does not
 * parse WGSL beyond the "// cuwa-" header lines (webgpu_module.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "runtime/webgpu/webgpu_internal.h"

/* ---- waiting ------------------------------------------------------------------ */

static void on_work_done(uint32_t status, WGPUStringView msg, void *ud1, void *ud2) {
  *(int *)ud1 = (int)status;
}

/* Waits for everything submitted so far. */
cudaError_t wg_wait_idle(WgDevice *w) {
  int status = 0;
  WGPUQueueWorkDoneCallbackInfo cb = {NULL, WGPU_CALLBACK_ALLOW_SPONTANEOUS, on_work_done, &status, NULL};
  WGPUFuture f = w->api.wgpuQueueOnSubmittedWorkDone(w->queue, cb);
  WGPUFutureWaitInfo wi = {f, 0};
  if (w->api.wgpuInstanceWaitAny(w->instance, 1, &wi, UINT64_MAX) != WGPU_WAIT_SUCCESS) return cudaErrorUnknown;
  return wg_take_error(w);
}

static void on_uncaptured(const WGPUDevice *d, uint32_t type, WGPUStringView msg, void *ud1, void *ud2) {
  WgDevice *w = ud1;
  if (w->error[0]) return; /* keep the first */
  size_t n = msg.length == WGPU_STRLEN ? strlen(msg.data) : msg.length;
  if (n >= sizeof w->error) n = sizeof w->error - 1;
  memcpy(w->error, msg.data, n);
  w->error[n] = 0;
}

static void on_lost(const WGPUDevice *d, uint32_t reason, WGPUStringView msg, void *ud1, void *ud2) {}

/* An error Dawn raised since the last call: printed once, mapped to CUDA. */
cudaError_t wg_take_error(WgDevice *w) {
  if (!w->error[0]) return cudaSuccess;
  fprintf(stderr, "cuwa: webgpu: %s\n", w->error);
  w->error[0] = 0;
  return cudaErrorLaunchFailure;
}

/* ---- instance, adapter, device ------------------------------------------------------ */

typedef struct Request {
  uint32_t status;
  void *object;
  char message[256];
} Request;

static void copy_message(Request *r, WGPUStringView msg) {
  size_t n = !msg.data ? 0 : msg.length == WGPU_STRLEN ? strlen(msg.data) : msg.length;
  if (n >= sizeof r->message) n = sizeof r->message - 1;
  if (n) memcpy(r->message, msg.data, n);
  r->message[n] = 0;
}

static void on_adapter(uint32_t status, WGPUAdapter a, WGPUStringView msg, void *ud1, void *ud2) {
  Request *r = ud1;
  r->status = status;
  r->object = a;
  copy_message(r, msg);
}

static void on_device(uint32_t status, WGPUDevice d, WGPUStringView msg, void *ud1, void *ud2) {
  Request *r = ud1;
  r->status = status;
  r->object = d;
  copy_message(r, msg);
}

static int open_adapter(WgDevice *w, char *why, size_t why_size) {
  WGPUInstanceDescriptor id = {0};
  id.capabilities.timedWaitAnyEnable = 1; /* else WaitAny(UINT64_MAX) fails (note P2) */
  w->instance = w->api.wgpuCreateInstance(&id);
  if (!w->instance) return snprintf(why, why_size, "wgpuCreateInstance failed"), -1;
  /* Vulkan explicitly: "Undefined" may give the Null backend (note P1). */
  WGPURequestAdapterOptions opt = {0};
  opt.backendType = WGPU_BACKEND_VULKAN;
  Request r = {0};
  WGPURequestAdapterCallbackInfo cb = {NULL, WGPU_CALLBACK_ALLOW_SPONTANEOUS, on_adapter, &r, NULL};
  WGPUFutureWaitInfo wi = {w->api.wgpuInstanceRequestAdapter(w->instance, &opt, cb), 0};
  w->api.wgpuInstanceWaitAny(w->instance, 1, &wi, UINT64_MAX);
  if (r.status != WGPU_STATUS_SUCCESS || !r.object)
    return snprintf(why, why_size, "no WebGPU adapter: %s", r.message[0] ? r.message : "unknown"), -1;
  w->adapter = r.object;
  WGPUAdapterInfo info = {0};
  w->api.wgpuAdapterGetInfo(w->adapter, &info);
  if (info.backendType == WGPU_BACKEND_NULL) {
    w->api.wgpuAdapterInfoFreeMembers(info);
    return snprintf(why, why_size, "only Dawn's Null backend is available"), -1;
  }
  size_t n = info.device.length == WGPU_STRLEN ? strlen(info.device.data) : info.device.length;
  snprintf(w->name, sizeof w->name, "%.*s", (int)n, info.device.data ? info.device.data : "");
  w->api.wgpuAdapterInfoFreeMembers(info);
  w->api.wgpuAdapterGetLimits(w->adapter, &w->limits);
  return 0;
}

static int open_device(WgDevice *w, char *why, size_t why_size) {
  static const char *const toggles[] = {"disable_robustness"}; /* CUDA has no bounds checks */
  WGPUDawnTogglesDescriptor t = {{NULL, WGPU_STYPE_DAWN_TOGGLES}, 1, toggles, 0, NULL};
  WGPUDeviceDescriptor dd = {0};
  dd.nextInChain = &t.chain;
  dd.requiredLimits = &w->limits; /* the adapter's, not the defaults (note P7) */
  dd.deviceLostCallbackInfo = (WGPUDeviceLostCallbackInfo){NULL, WGPU_CALLBACK_ALLOW_SPONTANEOUS, on_lost, w, NULL};
  dd.uncapturedErrorCallbackInfo = (WGPUUncapturedErrorCallbackInfo){NULL, on_uncaptured, w, NULL};
  Request r = {0};
  WGPURequestDeviceCallbackInfo cb = {NULL, WGPU_CALLBACK_ALLOW_SPONTANEOUS, on_device, &r, NULL};
  WGPUFutureWaitInfo wi = {w->api.wgpuAdapterRequestDevice(w->adapter, &dd, cb), 0};
  w->api.wgpuInstanceWaitAny(w->instance, 1, &wi, UINT64_MAX);
  if (r.status != WGPU_STATUS_SUCCESS || !r.object)
    return snprintf(why, why_size, "WebGPU device creation failed: %s", r.message), -1;
  w->device = r.object;
  w->queue = w->api.wgpuDeviceGetQueue(w->device);
  return 0;
}

static WGPUBuffer new_buffer(WgDevice *w, uint64_t size, WGPUFlags usage) {
  WGPUBufferDescriptor bd = {0};
  bd.usage = usage;
  bd.size = size;
  return w->api.wgpuDeviceCreateBuffer(w->device, &bd);
}

/* Bind group layout: binding 0 the heap, binding 1 the uniform buffer. */
static void make_layouts(WgDevice *w) {
  WGPUBindGroupLayoutEntry e[2];
  memset(e, 0, sizeof e);
  e[0].binding = 0;
  e[0].visibility = WGPU_SHADER_STAGE_COMPUTE;
  e[0].buffer.type = WGPU_BINDING_STORAGE;
  e[1].binding = 1;
  e[1].visibility = WGPU_SHADER_STAGE_COMPUTE;
  e[1].buffer.type = WGPU_BINDING_UNIFORM;
  WGPUBindGroupLayoutDescriptor bl = {NULL, {NULL, WGPU_STRLEN}, 2, e};
  w->bgl = w->api.wgpuDeviceCreateBindGroupLayout(w->device, &bl);
  WGPUPipelineLayoutDescriptor pl = {NULL, {NULL, WGPU_STRLEN}, 1, &w->bgl, 0};
  w->layout = w->api.wgpuDeviceCreatePipelineLayout(w->device, &pl);
}

/* ---- heap ------------------------------------------------------------------------ */

static uint64_t heap_limit(const WgDevice *w) {
  uint64_t m = w->limits.maxStorageBufferBindingSize;
  if (w->limits.maxBufferSize < m) m = w->limits.maxBufferSize;
  /* u32 offsets, below 0xfff00000 where kernels put shared and local
   * addresses (WGSL_SHARED_BASE of the back end) */
  return m > 0xfff00000u ? 0xfff00000u : m;
}

/* Replaces the heap by one of size bytes, keeping its contents. */
static cudaError_t heap_grow(WgDevice *w, uint64_t size) {
  WGPUBuffer nb = new_buffer(w, size, WGPU_BUFFER_STORAGE | WGPU_BUFFER_COPY_SRC | WGPU_BUFFER_COPY_DST);
  if (!nb) return cudaErrorMemoryAllocation;
  if (w->heap) {
    WGPUCommandEncoder enc = w->api.wgpuDeviceCreateCommandEncoder(w->device, NULL);
    w->api.wgpuCommandEncoderCopyBufferToBuffer(enc, w->heap, 0, nb, 0, w->heap_size);
    WGPUCommandBuffer cmd = w->api.wgpuCommandEncoderFinish(enc, NULL);
    w->api.wgpuQueueSubmit(w->queue, 1, &cmd);
    w->api.wgpuCommandBufferRelease(cmd);
    w->api.wgpuCommandEncoderRelease(enc);
    cudaError_t e = wg_wait_idle(w);
    w->api.wgpuBufferDestroy(w->heap);
    w->api.wgpuBufferRelease(w->heap);
    if (e != cudaSuccess) return e;
  }
  if (w->bind_group) w->api.wgpuBindGroupRelease(w->bind_group);
  w->bind_group = NULL;
  w->heap = nb;
  w->heap_size = size;
  return cudaSuccess;
}

/* First fit among the sorted live ranges; offset 0..255 stays unused so
 * that a null pointer is never a valid address, and words 0..7 hold the
 * assert record. */
cudaError_t wg_heap_alloc(WgDevice *w, uint64_t size, uint32_t *out) {
  size = (size + 255) / 256 * 256;
  if (!size) size = 256;
  uint64_t at = 256;
  size_t k = 0;
  for (; k < w->range_count; k++) {
    if (w->ranges[k].off >= at + size) break;
    at = w->ranges[k].off + w->ranges[k].size;
  }
  if (at + size > heap_limit(w)) return cudaErrorMemoryAllocation;
  if (at + size > w->heap_size) {
    uint64_t n = w->heap_size * 2;
    while (n < at + size) n *= 2;
    if (n > heap_limit(w)) n = heap_limit(w);
    cudaError_t e = heap_grow(w, n);
    if (e != cudaSuccess) return e;
  }
  if (w->range_count == w->range_cap) {
    size_t cap = w->range_cap ? w->range_cap * 2 : 64;
    WgRange *r = realloc(w->ranges, cap * sizeof *r);
    if (!r) return cudaErrorMemoryAllocation;
    w->ranges = r;
    w->range_cap = cap;
  }
  memmove(&w->ranges[k + 1], &w->ranges[k], (w->range_count - k) * sizeof *w->ranges);
  w->ranges[k] = (WgRange){at, size};
  w->range_count++;
  *out = (uint32_t)at;
  return cudaSuccess;
}

static cudaError_t wg_malloc(Device *dev, size_t size, void **out) {
  WgDevice *w = dev->impl;
  uint32_t off;
  pthread_mutex_lock(&w->lock);
  cudaError_t e = wg_heap_alloc(w, size, &off);
  pthread_mutex_unlock(&w->lock);
  if (e == cudaSuccess) *out = (void *)(WG_HEAP_TAG | off);
  return e;
}

static void wg_free(Device *dev, void *ptr) {
  WgDevice *w = dev->impl;
  uint64_t off = (uintptr_t)ptr & 0xffffffffu;
  pthread_mutex_lock(&w->lock);
  for (size_t k = 0; k < w->range_count; k++) {
    if (w->ranges[k].off != off) continue;
    memmove(&w->ranges[k], &w->ranges[k + 1], (w->range_count - k - 1) * sizeof *w->ranges);
    w->range_count--;
    break;
  }
  pthread_mutex_unlock(&w->lock);
}

/* ---- copies ------------------------------------------------------------------------- */

static void on_mapped(uint32_t status, WGPUStringView msg, void *ud1, void *ud2) { *(uint32_t *)ud1 = status; }

/* Heap bytes [off, off+n) to host memory; waits for the queue. */
cudaError_t wg_read(WgDevice *w, uint64_t off, void *dst, size_t n) {
  uint64_t lo = off & ~(uint64_t)3, hi = (off + n + 3) & ~(uint64_t)3;
  WGPUBuffer st = new_buffer(w, hi - lo, WGPU_BUFFER_MAP_READ | WGPU_BUFFER_COPY_DST);
  WGPUCommandEncoder enc = w->api.wgpuDeviceCreateCommandEncoder(w->device, NULL);
  w->api.wgpuCommandEncoderCopyBufferToBuffer(enc, w->heap, lo, st, 0, hi - lo);
  WGPUCommandBuffer cmd = w->api.wgpuCommandEncoderFinish(enc, NULL);
  w->api.wgpuQueueSubmit(w->queue, 1, &cmd);
  w->api.wgpuCommandBufferRelease(cmd);
  w->api.wgpuCommandEncoderRelease(enc);
  uint32_t status = 0;
  WGPUBufferMapCallbackInfo cb = {NULL, WGPU_CALLBACK_ALLOW_SPONTANEOUS, on_mapped, &status, NULL};
  WGPUFutureWaitInfo wi = {w->api.wgpuBufferMapAsync(st, WGPU_MAP_READ, 0, hi - lo, cb), 0};
  w->api.wgpuInstanceWaitAny(w->instance, 1, &wi, UINT64_MAX);
  cudaError_t e = wg_take_error(w);
  if (status == WGPU_STATUS_SUCCESS) {
    const char *p = w->api.wgpuBufferGetConstMappedRange(st, 0, hi - lo);
    if (p) memcpy(dst, p + (off - lo), n);
    else e = cudaErrorUnknown;
    w->api.wgpuBufferUnmap(st);
  } else if (e == cudaSuccess) {
    e = cudaErrorUnknown;
  }
  w->api.wgpuBufferDestroy(st);
  w->api.wgpuBufferRelease(st);
  return e;
}

/* Host bytes to heap [off, off+n); unaligned ends merge with what is there. */
cudaError_t wg_write(WgDevice *w, uint64_t off, const void *src, size_t n) {
  if (off % 4 == 0 && n % 4 == 0) {
    w->api.wgpuQueueWriteBuffer(w->queue, w->heap, off, src, n);
    return cudaSuccess;
  }
  uint64_t lo = off & ~(uint64_t)3, hi = (off + n + 3) & ~(uint64_t)3;
  char *tmp = malloc(hi - lo);
  if (!tmp) return cudaErrorMemoryAllocation;
  cudaError_t e = wg_read(w, lo, tmp, hi - lo);
  if (e == cudaSuccess) {
    memcpy(tmp + (off - lo), src, n);
    w->api.wgpuQueueWriteBuffer(w->queue, w->heap, lo, tmp, hi - lo);
  }
  free(tmp);
  return e;
}

/* Heap offset of device address p for n bytes: a cudaMalloc pointer or a
 * module variable's host address (cudaMemcpyToSymbol passes those). */
static cudaError_t to_offset(WgDevice *w, const void *p, size_t n, uint64_t *off) {
  uintptr_t a = (uintptr_t)p;
  if ((a & ~(uintptr_t)0xffffffffu) == WG_HEAP_TAG) {
    *off = a & 0xffffffffu;
    return *off + n <= w->heap_size ? cudaSuccess : cudaErrorInvalidValue;
  }
  return wg_var_offset(w, p, n, off);
}

static cudaError_t wg_h2d(Device *dev, void *dst, const void *src, size_t n) {
  WgDevice *w = dev->impl;
  uint64_t off;
  pthread_mutex_lock(&w->lock);
  cudaError_t e = to_offset(w, dst, n, &off);
  if (e == cudaSuccess) e = wg_write(w, off, src, n);
  pthread_mutex_unlock(&w->lock);
  return e;
}

static cudaError_t wg_d2h(Device *dev, void *dst, const void *src, size_t n) {
  WgDevice *w = dev->impl;
  uint64_t off;
  pthread_mutex_lock(&w->lock);
  cudaError_t e = to_offset(w, src, n, &off);
  if (e == cudaSuccess) e = wg_read(w, off, dst, n);
  pthread_mutex_unlock(&w->lock);
  return e;
}

/* Through the host: WebGPU forbids copies within one buffer. */
static cudaError_t wg_d2d(Device *dev, void *dst, const void *src, size_t n) {
  WgDevice *w = dev->impl;
  uint64_t so, dof;
  char *tmp = malloc(n ? n : 1);
  if (!tmp) return cudaErrorMemoryAllocation;
  pthread_mutex_lock(&w->lock);
  cudaError_t e = to_offset(w, src, n, &so);
  if (e == cudaSuccess) e = to_offset(w, dst, n, &dof);
  if (e == cudaSuccess) e = wg_read(w, so, tmp, n);
  if (e == cudaSuccess) e = wg_write(w, dof, tmp, n);
  pthread_mutex_unlock(&w->lock);
  free(tmp);
  return e;
}

static cudaError_t wg_memset(Device *dev, void *dst, int value, size_t n) {
  char *tmp = malloc(n ? n : 1);
  if (!tmp) return cudaErrorMemoryAllocation;
  memset(tmp, value, n);
  cudaError_t e = wg_h2d(dev, dst, tmp, n);
  free(tmp);
  return e;
}

/* ---- launches ----------------------------------------------------------------------- */

static cudaError_t ensure_bind_group(WgDevice *w) {
  if (w->bind_group) return cudaSuccess;
  WGPUBindGroupEntry e[2];
  memset(e, 0, sizeof e);
  e[0].binding = 0;
  e[0].buffer = w->heap;
  e[0].size = WGPU_WHOLE_SIZE;
  e[1].binding = 1;
  e[1].buffer = w->uniform;
  e[1].size = WGPU_WHOLE_SIZE;
  WGPUBindGroupDescriptor bd = {NULL, {NULL, WGPU_STRLEN}, w->bgl, 2, e};
  w->bind_group = w->api.wgpuDeviceCreateBindGroup(w->device, &bd);
  return w->bind_group ? cudaSuccess : cudaErrorUnknown;
}

static void dispatch(WgDevice *w, WGPUComputePipeline pl, uint32_t x, uint32_t y) {
  WGPUCommandEncoder enc = w->api.wgpuDeviceCreateCommandEncoder(w->device, NULL);
  WGPUComputePassEncoder pass = w->api.wgpuCommandEncoderBeginComputePass(enc, NULL);
  w->api.wgpuComputePassEncoderSetPipeline(pass, pl);
  w->api.wgpuComputePassEncoderSetBindGroup(pass, 0, w->bind_group, 0, NULL);
  w->api.wgpuComputePassEncoderDispatchWorkgroups(pass, x, y, 1);
  w->api.wgpuComputePassEncoderEnd(pass);
  w->api.wgpuComputePassEncoderRelease(pass);
  WGPUCommandBuffer cmd = w->api.wgpuCommandEncoderFinish(enc, NULL);
  w->api.wgpuQueueSubmit(w->queue, 1, &cmd);
  w->api.wgpuCommandBufferRelease(cmd);
  w->api.wgpuCommandEncoderRelease(enc);
}

/* After a launch of a module with asserts: reads and clears the record. */
static void check_trap(WgDevice *w, const DeviceLaunch *l) {
  uint32_t rec[8];
  if (wg_read(w, 0, rec, sizeof rec) != cudaSuccess || !rec[0]) return;
  fprintf(stderr, "%s: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion failed.\n",
          l->kernel->source_path ? l->kernel->source_path : "?", l->kernel->name, rec[1], rec[2],
          rec[3], rec[4], rec[5], rec[6]);
  memset(rec, 0, sizeof rec);
  w->api.wgpuQueueWriteBuffer(w->queue, w->heap, 0, rec, sizeof rec);
  atomic_store(&l->state->error, cudaErrorAssert);
}

static cudaError_t launch_locked(WgDevice *w, const DeviceLaunch *l) {
  WgModule *m;
  cudaError_t e = wg_module_for_kernel(w, l->kernel, &m);
  if (e != cudaSuccess) return e;
  const WgKernelInfo *ki = wg_kernel_info(m, l->kernel->ordinal);
  uint64_t threads = (uint64_t)l->block.x * l->block.y * l->block.z;
  uint32_t max_inv = w->limits.maxComputeInvocationsPerWorkgroup;
  if (w->limits.maxComputeWorkgroupSizeX < max_inv) max_inv = w->limits.maxComputeWorkgroupSizeX;
  uint32_t wg = threads <= max_inv ? (uint32_t)threads : max_inv, vt = 1;
  uint64_t chunks = (threads + wg - 1) / wg;
  if (chunks > 1 && ki && ki->vt) {
    /* a block larger than the adapter's workgroups, with barriers: each
     * invocation runs vt CUDA threads (the _vt entry point, docs/webgpu.md) */
    vt = (uint32_t)chunks;
    wg = (uint32_t)((threads + vt - 1) / vt);
    chunks = 1;
  }
  if (chunks > 1 && (!ki || ki->barrier)) {
    fprintf(stderr, "cuwa: webgpu: kernel '%s' uses __syncthreads() or warp collectives and its block of %llu threads "
                    "exceeds this adapter's %u invocations per workgroup\n",
            l->kernel->name, (unsigned long long)threads, max_inv);
    return cudaErrorLaunchOutOfResources;
  }
  if ((uint64_t)m->local_size * vt > 0x80000) { /* local addresses carry 19 bits of offset */
    fprintf(stderr, "cuwa: webgpu: kernel '%s' needs %u bytes of local memory per thread, too many for its block of "
                    "%llu threads on this adapter\n",
            l->kernel->name, m->local_size, (unsigned long long)threads);
    return cudaErrorLaunchOutOfResources;
  }
  uint32_t dyn_words = (uint32_t)((l->dyn_shared + 3) / 4);
  if (m->shared_static + (uint64_t)dyn_words * 4 > w->limits.maxComputeWorkgroupStorageSize) {
    fprintf(stderr, "cuwa: webgpu: kernel '%s' needs %llu bytes of shared memory; the adapter has %u\n",
            l->kernel->name, (unsigned long long)(m->shared_static + (uint64_t)dyn_words * 4),
            w->limits.maxComputeWorkgroupStorageSize);
    return cudaErrorLaunchOutOfResources;
  }
  uint64_t blocks = (uint64_t)l->grid.x * l->grid.y * l->grid.z, total = blocks * chunks;
  uint64_t per_dim = w->limits.maxComputeWorkgroupsPerDimension;
  if (total > 0xffffffffu || total > per_dim * per_dim) {
    fprintf(stderr, "cuwa: webgpu: a grid of %llu workgroups is more than one dispatch can hold\n",
            (unsigned long long)total);
    return cudaErrorNotSupported;
  }
  WGPUComputePipeline pl;
  e = wg_pipeline(w, m, l->kernel, wg, dyn_words, vt, &pl);
  if (e != cudaSuccess) return e;
  size_t psize = l->kernel->param_buffer_size;
  if (64 + psize > m->uniform_size || 64 + psize > WG_UNIFORM_SIZE) return cudaErrorInvalidValue;
  if (m->uses_printf && (e = wg_printf_buffer(w)) != cudaSuccess) return e;
  uint32_t head[16] = {l->grid.x, l->grid.y, l->grid.z, 0, l->block.x, l->block.y, l->block.z, 0,
                       (uint32_t)chunks, (uint32_t)total, m->globals_base, m->uses_printf ? w->printf_off : 0};
  memcpy(w->staging, head, sizeof head);
  if (psize) memcpy(w->staging + 64, l->params, psize);
  w->api.wgpuQueueWriteBuffer(w->queue, w->uniform, 0, w->staging, (64 + psize + 3) & ~(size_t)3);
  if ((e = ensure_bind_group(w)) != cudaSuccess) return e;
  uint32_t x = total < per_dim ? (uint32_t)total : (uint32_t)per_dim;
  dispatch(w, pl, x, (uint32_t)((total + x - 1) / x));
  if (m->uses_printf && (e = wg_printf_flush(w, m)) != cudaSuccess) return e;
  if (m->uses_trap) {
    check_trap(w, l);
    return wg_take_error(w);
  }
  return cudaSuccess;
}

static cudaError_t wg_launch(Device *dev, const DeviceLaunch *l) {
  WgDevice *w = dev->impl;
  pthread_mutex_lock(&w->lock);
  cudaError_t e = launch_locked(w, l);
  pthread_mutex_unlock(&w->lock);
  return e;
}

static cudaError_t wg_synchronize(Device *dev) {
  WgDevice *w = dev->impl;
  pthread_mutex_lock(&w->lock);
  cudaError_t e = wg_wait_idle(w);
  pthread_mutex_unlock(&w->lock);
  return e;
}

static cudaError_t wg_mem_info(Device *dev, size_t *free_bytes, size_t *total) {
  WgDevice *w = dev->impl;
  pthread_mutex_lock(&w->lock);
  uint64_t used = 256;
  for (size_t k = 0; k < w->range_count; k++) used += w->ranges[k].size;
  *total = heap_limit(w);
  *free_bytes = *total > used ? *total - used : 0;
  pthread_mutex_unlock(&w->lock);
  return cudaSuccess;
}

static void wg_properties(Device *dev, struct cudaDeviceProp *prop) {
  WgDevice *w = dev->impl;
  cpu_fill_properties(prop, 1); /* every field, then the adapter's values */
  snprintf(prop->name, sizeof prop->name, "WebGPU: %s", w->name);
  prop->totalGlobalMem = heap_limit(w);
  prop->sharedMemPerBlock = w->limits.maxComputeWorkgroupStorageSize;
  prop->maxThreadsPerBlock = 1024; /* larger than the adapter: see docs/webgpu.md */
  prop->warpSize = 32;
  prop->totalConstMem = 65536;
  /* Kernels reach only the device heap: no mapped or pageable host memory,
   * no managed memory (cudaMallocManaged is refused), no host atomics, so
   * that programs which check these take their other path or waive. */
  prop->integrated = 0;
  prop->canMapHostMemory = 0;
  prop->managedMemory = 0;
  prop->concurrentManagedAccess = 0;
  prop->pageableMemoryAccess = 0;
  prop->pageableMemoryAccessUsesHostPageTables = 0;
  prop->canUseHostPointerForRegisteredMem = 0;
  prop->directManagedMemAccessFromHost = 0;
  prop->hostNativeAtomicSupported = 0;
}

static void wg_destroy(Device *dev) {
  WgDevice *w = dev->impl;
  wg_modules_free(w);
  if (w->bind_group) w->api.wgpuBindGroupRelease(w->bind_group);
  if (w->heap) w->api.wgpuBufferRelease(w->heap);
  if (w->uniform) w->api.wgpuBufferRelease(w->uniform);
  if (w->layout) w->api.wgpuPipelineLayoutRelease(w->layout);
  if (w->bgl) w->api.wgpuBindGroupLayoutRelease(w->bgl);
  if (w->queue) w->api.wgpuQueueRelease(w->queue);
  if (w->device) w->api.wgpuDeviceRelease(w->device); /* children first (note P11) */
  if (w->adapter) w->api.wgpuAdapterRelease(w->adapter);
  if (w->instance) w->api.wgpuInstanceRelease(w->instance);
  /* the library stays loaded: Dawn's threads may still be winding down */
  free(w->ranges);
  free(w->staging);
  pthread_mutex_destroy(&w->lock);
  free(w);
}

static const DeviceOps wg_ops = {
    .malloc = wg_malloc,
    .free = wg_free,
    .memcpy_h2d = wg_h2d,
    .memcpy_d2h = wg_d2h,
    .memcpy_d2d = wg_d2d,
    .memset = wg_memset,
    .launch = wg_launch,
    .synchronize = wg_synchronize,
    .mem_info = wg_mem_info,
    .properties = wg_properties,
    .destroy = wg_destroy,
};

Device *webgpu_device_new(char *why, size_t why_size) {
  WgDevice *w = calloc(1, sizeof *w);
  if (!w) return snprintf(why, why_size, "out of memory"), NULL;
  pthread_mutex_init(&w->lock, NULL);
  w->staging = malloc(WG_UNIFORM_SIZE);
  if (!w->staging || wgpu_api_load(&w->api, why, why_size) != 0 || open_adapter(w, why, why_size) != 0 ||
      open_device(w, why, why_size) != 0) {
    w->base.impl = w;
    if (w->api.dl) wg_destroy(&w->base);
    else free(w->staging), free(w);
    return NULL;
  }
  make_layouts(w);
  w->uniform = new_buffer(w, WG_UNIFORM_SIZE, WGPU_BUFFER_UNIFORM | WGPU_BUFFER_COPY_DST);
  if (heap_grow(w, 1 << 20) != cudaSuccess) {
    snprintf(why, why_size, "cannot allocate the device heap");
    w->base.impl = w;
    wg_destroy(&w->base);
    return NULL;
  }
  w->base = (Device){"webgpu", &wg_ops, w};
  return &w->base;
}
