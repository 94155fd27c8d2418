/* wgpu_load.c: finds and opens Dawn's libwebgpu_wrapper.so at run time and
 * resolves the functions of wgpu_api.h, so that libcuwa neither links
 * against nor needs WebGPU. Search order: $CUWA_WEBGPU_LIB (a file), then
 * <CUWA_LIBDIR>/libwebgpu_wrapper.so when the build defines CUWA_LIBDIR
 * (the installation's lib/), then the dynamic loader's default path. It
 * also checks that the library is the pinned Dawn revision. */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/webgpu/wgpu_api.h"

/* The note measured 152 bytes but also lists four compat fields after
 * maxImmediateSize (offset 148); cuwa's struct keeps them (168 bytes): the
 * library only reads and writes its own fields, and the rest stays zero. */
_Static_assert(offsetof(WGPULimits, maxStorageBufferBindingSize) == 72, "WGPULimits layout");
_Static_assert(offsetof(WGPULimits, maxComputeWorkgroupStorageSize) == 124, "WGPULimits layout");
_Static_assert(offsetof(WGPULimits, maxComputeWorkgroupsPerDimension) == 144, "WGPULimits layout");
_Static_assert(sizeof(WGPUDeviceDescriptor) == 144, "WGPUDeviceDescriptor layout");
_Static_assert(sizeof(WGPUBindGroupLayoutEntry) == 120, "WGPUBindGroupLayoutEntry layout");
_Static_assert(sizeof(WGPUComputePipelineDescriptor) == 80, "WGPUComputePipelineDescriptor layout");
_Static_assert(sizeof(WGPUBindGroupEntry) == 56, "WGPUBindGroupEntry layout");
_Static_assert(sizeof(WGPUAdapterInfo) == 96, "WGPUAdapterInfo layout");
_Static_assert(sizeof(WGPUBufferDescriptor) == 48, "WGPUBufferDescriptor layout");

static void *open_library(char *why, size_t why_size) {
  const char *env = getenv("CUWA_WEBGPU_LIB");
  if (env && *env) {
    void *h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
    if (!h) snprintf(why, why_size, "CUWA_WEBGPU_LIB=%s: %s", env, dlerror());
    return h;
  }
#ifdef CUWA_LIBDIR
  void *h = dlopen(CUWA_LIBDIR "/libwebgpu_wrapper.so", RTLD_NOW | RTLD_LOCAL);
  if (h) return h;
#endif
  void *d = dlopen("libwebgpu_wrapper.so", RTLD_NOW | RTLD_LOCAL);
  if (!d)
    snprintf(why, why_size,
             "libwebgpu_wrapper.so not found (run scripts/install-webgpu, or set CUWA_WEBGPU_LIB)");
  return d;
}

int wgpu_api_load(WgpuApi *api, char *why, size_t why_size) {
  memset(api, 0, sizeof *api);
  api->dl = open_library(why, why_size);
  if (!api->dl) return -1;
#define WGPU_FN(ret, name, params)                                              \
  *(void **)&api->name = dlsym(api->dl, #name);                                 \
  if (!api->name) {                                                             \
    snprintf(why, why_size, "the WebGPU library lacks %s (cuwa needs Dawn as of " \
             "2025-06, from bun-webgpu-linux-x64@0.1.7)", #name);               \
    dlclose(api->dl);                                                           \
    api->dl = NULL;                                                             \
    return -1;                                                                  \
  }
  WGPU_FUNCTIONS
#undef WGPU_FN
  return 0;
}
