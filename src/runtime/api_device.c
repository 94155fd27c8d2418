/* api_device.c: device management of the CUDA Runtime API: counting and
 * selecting devices, properties and attributes, flags, limits, cache
 * configuration, versions, synchronisation, reset and peer access.
 * Every device runtime.c opened is an ordinal; the current one is per
 * host thread. Memory, streams and launches are in their own files. */
#include <string.h>

#include "cuda_profiler_api.h"
#include "runtime/runtime.h"

cudaError_t cudaGetDeviceCount(int *count) {
  Runtime *rt;
  if (!count)
    return rt_return(cudaErrorInvalidValue);
  cudaError_t e = rt_init_checked(&rt);
  *count = e == cudaSuccess ? rt_device_count(rt) : 0;
  return rt_return(e);
}

cudaError_t cudaSetDevice(int device) {
  Runtime *rt;
  cudaError_t e = rt_init_checked(&rt);
  if (e == cudaSuccess)
    e = rt_check_device(rt, device);
  if (e == cudaSuccess)
    rt_set_current(device);
  return rt_return(e);
}

cudaError_t cudaGetDevice(int *device) {
  Runtime *rt;
  cudaError_t e = rt_init_checked(&rt);
  if (e == cudaSuccess && !device)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *device = rt_current();
  return rt_return(e);
}

cudaError_t cudaInitDevice(int device, unsigned int deviceFlags,
                           unsigned int flags) {
  cudaError_t e = cudaSetDevice(device);
  if (e == cudaSuccess && (flags & cudaInitDeviceFlagsAreValid))
    e = cudaSetDeviceFlags(deviceFlags);
  return e;
}

cudaError_t cudaChooseDevice(int *device, const struct cudaDeviceProp *prop) {
  if (!device || !prop)
    return rt_return(cudaErrorInvalidValue);
  return cudaGetDevice(device);
}

cudaError_t cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device) {
  Runtime *rt;
  cudaError_t e = rt_init_checked(&rt);
  if (e == cudaSuccess && !prop)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = rt_check_device(rt, device);
  if (e == cudaSuccess)
    *prop = *rt_props(rt, device);
  return rt_return(e);
}

/* The value of attribute a, from the same properties as
 * cudaGetDeviceProperties; 0 for what cuwa does not have (textures). */
static int attribute_value(const struct cudaDeviceProp *p,
                           enum cudaDeviceAttr a) {
  switch (a) {
  case cudaDevAttrMaxThreadsPerBlock: return p->maxThreadsPerBlock;
  case cudaDevAttrMaxBlockDimX: return p->maxThreadsDim[0];
  case cudaDevAttrMaxBlockDimY: return p->maxThreadsDim[1];
  case cudaDevAttrMaxBlockDimZ: return p->maxThreadsDim[2];
  case cudaDevAttrMaxGridDimX: return p->maxGridSize[0];
  case cudaDevAttrMaxGridDimY: return p->maxGridSize[1];
  case cudaDevAttrMaxGridDimZ: return p->maxGridSize[2];
  case cudaDevAttrMaxSharedMemoryPerBlock: return (int)p->sharedMemPerBlock;
  case cudaDevAttrTotalConstantMemory: return (int)p->totalConstMem;
  case cudaDevAttrWarpSize: return p->warpSize;
  case cudaDevAttrMaxPitch: return (int)p->memPitch;
  case cudaDevAttrMaxRegistersPerBlock: return p->regsPerBlock;
  case cudaDevAttrClockRate: return p->clockRate;
  case cudaDevAttrTextureAlignment: return (int)p->textureAlignment;
  case cudaDevAttrGpuOverlap: return p->deviceOverlap;
  case cudaDevAttrMultiProcessorCount: return p->multiProcessorCount;
  case cudaDevAttrKernelExecTimeout: return p->kernelExecTimeoutEnabled;
  case cudaDevAttrIntegrated: return p->integrated;
  case cudaDevAttrCanMapHostMemory: return p->canMapHostMemory;
  case cudaDevAttrComputeMode: return p->computeMode;
  case cudaDevAttrSurfaceAlignment: return (int)p->surfaceAlignment;
  case cudaDevAttrConcurrentKernels: return p->concurrentKernels;
  case cudaDevAttrEccEnabled: return p->ECCEnabled;
  case cudaDevAttrPciBusId: return p->pciBusID;
  case cudaDevAttrPciDeviceId: return p->pciDeviceID;
  case cudaDevAttrPciDomainId: return p->pciDomainID;
  case cudaDevAttrTccDriver: return p->tccDriver;
  case cudaDevAttrMemoryClockRate: return p->memoryClockRate;
  case cudaDevAttrGlobalMemoryBusWidth: return p->memoryBusWidth;
  case cudaDevAttrL2CacheSize: return p->l2CacheSize;
  case cudaDevAttrMaxThreadsPerMultiProcessor:
    return p->maxThreadsPerMultiProcessor;
  case cudaDevAttrAsyncEngineCount: return p->asyncEngineCount;
  case cudaDevAttrUnifiedAddressing: return p->unifiedAddressing;
  case cudaDevAttrTexturePitchAlignment: return (int)p->texturePitchAlignment;
  case cudaDevAttrComputeCapabilityMajor: return p->major;
  case cudaDevAttrComputeCapabilityMinor: return p->minor;
  case cudaDevAttrStreamPrioritiesSupported:
    return p->streamPrioritiesSupported;
  case cudaDevAttrGlobalL1CacheSupported: return p->globalL1CacheSupported;
  case cudaDevAttrLocalL1CacheSupported: return p->localL1CacheSupported;
  case cudaDevAttrMaxSharedMemoryPerMultiprocessor:
    return (int)p->sharedMemPerMultiprocessor;
  case cudaDevAttrMaxRegistersPerMultiprocessor:
    return p->regsPerMultiprocessor;
  case cudaDevAttrManagedMemory: return p->managedMemory;
  case cudaDevAttrIsMultiGpuBoard: return p->isMultiGpuBoard;
  case cudaDevAttrMultiGpuBoardGroupID: return p->multiGpuBoardGroupID;
  case cudaDevAttrHostNativeAtomicSupported:
    return p->hostNativeAtomicSupported;
  case cudaDevAttrSingleToDoublePrecisionPerfRatio: return 2;
  case cudaDevAttrPageableMemoryAccess: return p->pageableMemoryAccess;
  case cudaDevAttrConcurrentManagedAccess: return p->concurrentManagedAccess;
  case cudaDevAttrComputePreemptionSupported:
    return p->computePreemptionSupported;
  case cudaDevAttrCanUseHostPointerForRegisteredMem:
    return p->canUseHostPointerForRegisteredMem;
  case cudaDevAttrCooperativeLaunch: return p->cooperativeLaunch;
  case cudaDevAttrMaxSharedMemoryPerBlockOptin:
    return (int)p->sharedMemPerBlockOptin;
  case cudaDevAttrHostRegisterSupported: return p->hostRegisterSupported;
  case cudaDevAttrPageableMemoryAccessUsesHostPageTables:
    return p->pageableMemoryAccessUsesHostPageTables;
  case cudaDevAttrDirectManagedMemAccessFromHost:
    return p->directManagedMemAccessFromHost;
  case cudaDevAttrMaxBlocksPerMultiprocessor:
    return p->maxBlocksPerMultiProcessor;
  case cudaDevAttrMaxPersistingL2CacheSize: return p->persistingL2CacheMaxSize;
  case cudaDevAttrMaxAccessPolicyWindowSize:
    return p->accessPolicyMaxWindowSize;
  case cudaDevAttrReservedSharedMemoryPerBlock:
    return (int)p->reservedSharedMemPerBlock;
  case cudaDevAttrMemoryPoolsSupported: return p->memoryPoolsSupported;
  case cudaDevAttrClusterLaunch: return p->clusterLaunch;
  case cudaDevAttrNumaConfig: return p->deviceNumaConfig;
  case cudaDevAttrNumaId: return p->deviceNumaId;
  case cudaDevAttrHostNumaId: return p->hostNumaId;
  default: return 0; /* textures, surfaces, interop: not on this device */
  }
}

cudaError_t cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr,
                                   int device) {
  Runtime *rt;
  cudaError_t e = rt_init_checked(&rt);
  if (e == cudaSuccess && (!value || (int)attr < 1 || attr >= cudaDevAttrMax))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = rt_check_device(rt, device);
  if (e == cudaSuccess)
    *value = attribute_value(rt_props(rt, device), attr);
  return rt_return(e);
}

/* Waits for every stream of the current device, then for the device. */
cudaError_t cudaDeviceSynchronize(void) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && graph_capture_blocks_legacy(rt))
    e = cudaErrorStreamCaptureUnsupported;
  if (e != cudaSuccess)
    return rt_return(e);
  int device = rt_current();
  stream_wait_device(rt, device, 0);
  e = rt_device(rt, device)->ops->synchronize(rt_device(rt, device));
  if (e == cudaSuccess)
    e = rt_take_deferred(rt);
  if (e == cudaSuccess)
    e = rt_enter(&rt); /* an error the device raised meanwhile */
  return rt_return(e);
}

cudaError_t cudaThreadSynchronize(void) { return cudaDeviceSynchronize(); }

cudaError_t cudaDeviceReset(void) {
  Runtime *rt;
  cudaError_t e = rt_init_checked(&rt);
  if (e == cudaSuccess) {
    for (int d = 0; d < atomic_load(&rt->device_count); d++)
      rt_device(rt, d)->ops->synchronize(rt_device(rt, d));
    rt_reset(rt);
    rt_take_last_error(); /* it belonged to the context just destroyed */
  }
  return rt_return(e);
}

cudaError_t cudaThreadExit(void) { return cudaDeviceReset(); }

cudaError_t cudaSetDeviceFlags(unsigned int flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (flags & ~(unsigned)cudaDeviceMask))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    rt->device_flags = flags | cudaDeviceMapHost; /* always on, as CUDA */
    pthread_mutex_unlock(&rt->lock);
  }
  return rt_return(e);
}

cudaError_t cudaGetDeviceFlags(unsigned int *flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !flags)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    *flags = rt->device_flags;
    pthread_mutex_unlock(&rt->lock);
  }
  return rt_return(e);
}

cudaError_t cudaDeviceSetLimit(enum cudaLimit limit, size_t value) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && ((int)limit < 0 || (int)limit >= RT_LIMIT_COUNT))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    rt->limits[limit] = value;
    pthread_mutex_unlock(&rt->lock);
  }
  return rt_return(e);
}

cudaError_t cudaDeviceGetLimit(size_t *pValue, enum cudaLimit limit) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess &&
      (!pValue || (int)limit < 0 || (int)limit >= RT_LIMIT_COUNT))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    *pValue = rt->limits[limit];
    pthread_mutex_unlock(&rt->lock);
  }
  return rt_return(e);
}

cudaError_t cudaDeviceSetCacheConfig(enum cudaFuncCache cacheConfig) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess &&
      ((int)cacheConfig < 0 || cacheConfig > cudaFuncCachePreferEqual))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    rt->cache_config = cacheConfig; /* a preference; nothing to change */
  return rt_return(e);
}

cudaError_t cudaDeviceGetCacheConfig(enum cudaFuncCache *pCacheConfig) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !pCacheConfig)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *pCacheConfig = (enum cudaFuncCache)rt->cache_config;
  return rt_return(e);
}

/* The H100's range; priorities are accepted and ignored. */
cudaError_t cudaDeviceGetStreamPriorityRange(int *leastPriority,
                                             int *greatestPriority) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && leastPriority)
    *leastPriority = 0;
  if (e == cudaSuccess && greatestPriority)
    *greatestPriority = -5;
  return rt_return(e);
}

/* Two devices can reach each other's memory only if they are of the same
 * kind and either share an address space (two devices with host memory)
 * or the backend says so (two GPUs: cuDeviceCanAccessPeer). Copies
 * (cudaMemcpyPeer, cudaMemcpy with cudaMemcpyDefault) work between any
 * two devices: directly between two GPUs, else through host memory. */
static int peer_possible(Runtime *rt, int a, int b) {
  Device *da = rt_device(rt, a), *db = rt_device(rt, b);
  if (a == b || da->ops != db->ops)
    return 0;
  if (rt_host_memory(rt, a) && rt_host_memory(rt, b))
    return 1;
  return da->ops->peer_attribute &&
         da->ops->peer_attribute(da, db, cudaDevP2PAttrAccessSupported);
}

/* The link a -> b: a backend's own answer between two of its devices;
 * two host-memory devices share memory (atomics included); else none. */
static int peer_attribute(Runtime *rt, int a, int b, enum cudaDeviceP2PAttr attr) {
  Device *da = rt_device(rt, a), *db = rt_device(rt, b);
  if (!peer_possible(rt, a, b))
    return 0;
  if (da->ops->peer_attribute && !(rt_host_memory(rt, a) && rt_host_memory(rt, b)))
    return da->ops->peer_attribute(da, db, (int)attr);
  return attr == cudaDevP2PAttrAccessSupported ||
         attr == cudaDevP2PAttrNativeAtomicSupported;
}

cudaError_t cudaDeviceGetP2PAttribute(int *value, enum cudaDeviceP2PAttr attr,
                                      int srcDevice, int dstDevice) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!value || (int)attr < cudaDevP2PAttrPerformanceRank ||
                           attr > cudaDevP2PAttrOnlyPartialNativeAtomicSupported))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = rt_check_device(rt, srcDevice);
  if (e == cudaSuccess)
    e = rt_check_device(rt, dstDevice);
  if (e == cudaSuccess && srcDevice == dstDevice)
    e = cudaErrorInvalidDevice;
  if (e == cudaSuccess)
    *value = peer_attribute(rt, srcDevice, dstDevice, attr);
  return rt_return(e);
}

/* Grants (enable) or revokes the current device's access to peer in the
 * backend. The runtime's bits are the truth for the errors: a backend
 * that already agrees (after cudaDeviceReset, which keeps contexts) is
 * not an error. */
static cudaError_t peer_backend(Runtime *rt, int self, int peer, int enable) {
  Device *d = rt_device(rt, self), *p = rt_device(rt, peer);
  cudaError_t e = cudaSuccess;
  if (enable && d->ops->peer_enable)
    e = d->ops->peer_enable(d, p);
  else if (!enable && d->ops->peer_disable)
    e = d->ops->peer_disable(d, p);
  if (e == cudaErrorPeerAccessAlreadyEnabled || e == cudaErrorPeerAccessNotEnabled)
    e = cudaSuccess;
  return e;
}

cudaError_t cudaDeviceCanAccessPeer(int *canAccessPeer, int device,
                                    int peerDevice) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !canAccessPeer)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = rt_check_device(rt, device);
  if (e == cudaSuccess)
    e = rt_check_device(rt, peerDevice);
  if (e == cudaSuccess)
    *canAccessPeer = peer_possible(rt, device, peerDevice);
  return rt_return(e);
}

cudaError_t cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  int self = rt_current();
  if (e == cudaSuccess)
    e = rt_check_device(rt, peerDevice);
  if (e == cudaSuccess && flags != 0)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && peerDevice == self)
    e = cudaErrorPeerAccessUnsupported; /* as CUDA 13 on an H200 pair */
  if (e == cudaSuccess && !peer_possible(rt, self, peerDevice))
    e = cudaErrorPeerAccessUnsupported;
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  if (rt->devs[self].peers & (1u << peerDevice))
    e = cudaErrorPeerAccessAlreadyEnabled;
  else if ((e = peer_backend(rt, self, peerDevice, 1)) == cudaSuccess)
    rt->devs[self].peers |= 1u << peerDevice;
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

cudaError_t cudaDeviceDisablePeerAccess(int peerDevice) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  int self = rt_current();
  if (e == cudaSuccess)
    e = rt_check_device(rt, peerDevice);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  if (!(rt->devs[self].peers & (1u << peerDevice)))
    e = cudaErrorPeerAccessNotEnabled;
  else if ((e = peer_backend(rt, self, peerDevice, 0)) == cudaSuccess)
    rt->devs[self].peers &= ~(1u << peerDevice);
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

cudaError_t cudaDriverGetVersion(int *driverVersion) {
  if (!driverVersion)
    return rt_return(cudaErrorInvalidValue);
  *driverVersion = CUDART_VERSION;
  return cudaSuccess;
}

cudaError_t cudaRuntimeGetVersion(int *runtimeVersion) {
  if (!runtimeVersion)
    return rt_return(cudaErrorInvalidValue);
  *runtimeVersion = CUDART_VERSION;
  return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t *free_bytes, size_t *total) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!free_bytes || !total))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = rt_device(rt, rt_current())->ops->mem_info(rt_device(rt, rt_current()),
                                                   free_bytes, total);
  return rt_return(e);
}

cudaError_t cudaProfilerStart(void) { return cudaSuccess; }

cudaError_t cudaProfilerStop(void) { return cudaSuccess; }
