/* wgpu_api.h: cuwa's own declarations of the subset of Dawn's webgpu.h C
 * API that the webgpu device uses, for the exact revision that the npm
 * package bun-webgpu-linux-x64@0.1.7 ships (Dawn main of 2025-06-11; see
 * shared/notes/webgpu-dawn.md section 3; NOT today's upstream header).
 * Functions are resolved with dlsym into a WgpuApi table (wgpu_load.c);
 * nothing here links against the library. */
#ifndef CUWA_RUNTIME_WGPU_API_H
#define CUWA_RUNTIME_WGPU_API_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t WGPUBool;
typedef uint64_t WGPUFlags;
typedef struct WGPUInstanceImpl *WGPUInstance;
typedef struct WGPUAdapterImpl *WGPUAdapter;
typedef struct WGPUDeviceImpl *WGPUDevice;
typedef struct WGPUQueueImpl *WGPUQueue;
typedef struct WGPUBufferImpl *WGPUBuffer;
typedef struct WGPUShaderModuleImpl *WGPUShaderModule;
typedef struct WGPUBindGroupLayoutImpl *WGPUBindGroupLayout;
typedef struct WGPUPipelineLayoutImpl *WGPUPipelineLayout;
typedef struct WGPUComputePipelineImpl *WGPUComputePipeline;
typedef struct WGPUBindGroupImpl *WGPUBindGroup;
typedef struct WGPUCommandEncoderImpl *WGPUCommandEncoder;
typedef struct WGPUComputePassEncoderImpl *WGPUComputePassEncoder;
typedef struct WGPUCommandBufferImpl *WGPUCommandBuffer;

#define WGPU_STRLEN SIZE_MAX
#define WGPU_WHOLE_SIZE UINT64_MAX

enum {
  WGPU_STYPE_SHADER_SOURCE_WGSL = 0x2,
  WGPU_STYPE_DAWN_TOGGLES = 0x5000A,
  WGPU_CALLBACK_WAIT_ANY_ONLY = 1,
  WGPU_CALLBACK_ALLOW_SPONTANEOUS = 3,
  WGPU_STATUS_SUCCESS = 1,          /* every *Status enum: Success = 1 */
  WGPU_WAIT_SUCCESS = 1,
  WGPU_ERROR_NONE = 1,              /* WGPUErrorType_NoError */
  WGPU_ERROR_FILTER_VALIDATION = 1,
  WGPU_BACKEND_NULL = 1,
  WGPU_BACKEND_VULKAN = 6,
  WGPU_FEATURE_SUBGROUPS = 0x11,
  WGPU_FEATURE_SHADER_F16 = 0xA,
  WGPU_BINDING_UNIFORM = 2,
  WGPU_BINDING_STORAGE = 3,
  WGPU_MAP_READ = 1,
};

enum {
  WGPU_BUFFER_MAP_READ = 0x1,
  WGPU_BUFFER_COPY_SRC = 0x4,
  WGPU_BUFFER_COPY_DST = 0x8,
  WGPU_BUFFER_UNIFORM = 0x40,
  WGPU_BUFFER_STORAGE = 0x80,
  WGPU_SHADER_STAGE_COMPUTE = 0x4,
};

typedef struct WGPUStringView {
  const char *data;
  size_t length;
} WGPUStringView;

typedef struct WGPUChainedStruct {
  struct WGPUChainedStruct *next;
  uint32_t sType;
} WGPUChainedStruct;

typedef struct WGPUFuture {
  uint64_t id;
} WGPUFuture;

typedef struct WGPUFutureWaitInfo {
  WGPUFuture future;
  WGPUBool completed;
} WGPUFutureWaitInfo;

typedef struct WGPUInstanceCapabilities {
  WGPUChainedStruct *nextInChain;
  WGPUBool timedWaitAnyEnable;
  size_t timedWaitAnyMaxCount;
} WGPUInstanceCapabilities;

typedef struct WGPUInstanceDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUInstanceCapabilities capabilities;
} WGPUInstanceDescriptor;

typedef struct WGPURequestAdapterOptions {
  WGPUChainedStruct *nextInChain;
  uint32_t featureLevel, powerPreference;
  WGPUBool forceFallbackAdapter;
  uint32_t backendType;
  void *compatibleSurface;
} WGPURequestAdapterOptions;

typedef struct WGPUAdapterInfo {
  WGPUChainedStruct *nextInChain;
  WGPUStringView vendor, architecture, device, description;
  uint32_t backendType, adapterType, vendorID, deviceID;
  uint32_t subgroupMinSize, subgroupMaxSize;
} WGPUAdapterInfo;

typedef struct WGPULimits {
  WGPUChainedStruct *nextInChain;
  uint32_t maxTextureDimension1D, maxTextureDimension2D, maxTextureDimension3D;
  uint32_t maxTextureArrayLayers, maxBindGroups, maxBindGroupsPlusVertexBuffers;
  uint32_t maxBindingsPerBindGroup, maxDynamicUniformBuffersPerPipelineLayout;
  uint32_t maxDynamicStorageBuffersPerPipelineLayout, maxSampledTexturesPerShaderStage;
  uint32_t maxSamplersPerShaderStage, maxStorageBuffersPerShaderStage;
  uint32_t maxStorageTexturesPerShaderStage, maxUniformBuffersPerShaderStage;
  uint64_t maxUniformBufferBindingSize, maxStorageBufferBindingSize; /* offset 72 */
  uint32_t minUniformBufferOffsetAlignment, minStorageBufferOffsetAlignment, maxVertexBuffers;
  uint64_t maxBufferSize;                                             /* offset 96 */
  uint32_t maxVertexAttributes, maxVertexBufferArrayStride, maxInterStageShaderVariables;
  uint32_t maxColorAttachments, maxColorAttachmentBytesPerSample;
  uint32_t maxComputeWorkgroupStorageSize;                            /* offset 124 */
  uint32_t maxComputeInvocationsPerWorkgroup;
  uint32_t maxComputeWorkgroupSizeX, maxComputeWorkgroupSizeY, maxComputeWorkgroupSizeZ;
  uint32_t maxComputeWorkgroupsPerDimension;                          /* offset 144 */
  uint32_t maxImmediateSize;
  uint32_t maxStorageBuffersInVertexStage, maxStorageTexturesInVertexStage;
  uint32_t maxStorageBuffersInFragmentStage, maxStorageTexturesInFragmentStage;
} WGPULimits;

typedef void (*WGPURequestAdapterCallback)(uint32_t status, WGPUAdapter adapter, WGPUStringView msg,
                                           void *ud1, void *ud2);
typedef void (*WGPURequestDeviceCallback)(uint32_t status, WGPUDevice device, WGPUStringView msg,
                                          void *ud1, void *ud2);
typedef void (*WGPUBufferMapCallback)(uint32_t status, WGPUStringView msg, void *ud1, void *ud2);
typedef void (*WGPUQueueWorkDoneCallback)(uint32_t status, WGPUStringView msg, void *ud1, void *ud2);
typedef void (*WGPUPopErrorScopeCallback)(uint32_t status, uint32_t type, WGPUStringView msg,
                                          void *ud1, void *ud2);
typedef void (*WGPUDeviceLostCallback)(const WGPUDevice *device, uint32_t reason, WGPUStringView msg,
                                       void *ud1, void *ud2);
typedef void (*WGPUUncapturedErrorCallback)(const WGPUDevice *device, uint32_t type,
                                            WGPUStringView msg, void *ud1, void *ud2);

/* Every callback info used here but the uncaptured-error one has a mode. */
#define WGPU_CALLBACK_INFO(Name, Fn)   \
  typedef struct Name {                \
    WGPUChainedStruct *nextInChain;    \
    uint32_t mode;                     \
    Fn callback;                       \
    void *userdata1, *userdata2;       \
  } Name
WGPU_CALLBACK_INFO(WGPURequestAdapterCallbackInfo, WGPURequestAdapterCallback);
WGPU_CALLBACK_INFO(WGPURequestDeviceCallbackInfo, WGPURequestDeviceCallback);
WGPU_CALLBACK_INFO(WGPUBufferMapCallbackInfo, WGPUBufferMapCallback);
WGPU_CALLBACK_INFO(WGPUQueueWorkDoneCallbackInfo, WGPUQueueWorkDoneCallback);
WGPU_CALLBACK_INFO(WGPUPopErrorScopeCallbackInfo, WGPUPopErrorScopeCallback);
WGPU_CALLBACK_INFO(WGPUDeviceLostCallbackInfo, WGPUDeviceLostCallback);

typedef struct WGPUUncapturedErrorCallbackInfo {
  WGPUChainedStruct *nextInChain;
  WGPUUncapturedErrorCallback callback;
  void *userdata1, *userdata2;
} WGPUUncapturedErrorCallbackInfo;

typedef struct WGPUQueueDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
} WGPUQueueDescriptor;

typedef struct WGPUDeviceDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
  size_t requiredFeatureCount;
  const uint32_t *requiredFeatures;
  const WGPULimits *requiredLimits;
  WGPUQueueDescriptor defaultQueue;
  WGPUDeviceLostCallbackInfo deviceLostCallbackInfo;             /* offset 72 */
  WGPUUncapturedErrorCallbackInfo uncapturedErrorCallbackInfo;   /* offset 112 */
} WGPUDeviceDescriptor;

typedef struct WGPUDawnTogglesDescriptor {
  WGPUChainedStruct chain;
  size_t enabledToggleCount;
  const char *const *enabledToggles;
  size_t disabledToggleCount;
  const char *const *disabledToggles;
} WGPUDawnTogglesDescriptor;

typedef struct WGPUBufferDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
  WGPUFlags usage;
  uint64_t size;
  WGPUBool mappedAtCreation;
} WGPUBufferDescriptor;

typedef struct WGPUShaderSourceWGSL {
  WGPUChainedStruct chain;
  WGPUStringView code;
} WGPUShaderSourceWGSL;

typedef struct WGPUShaderModuleDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
} WGPUShaderModuleDescriptor;

typedef struct WGPUBufferBindingLayout {
  WGPUChainedStruct *nextInChain;
  uint32_t type;
  WGPUBool hasDynamicOffset;
  uint64_t minBindingSize;
} WGPUBufferBindingLayout;

typedef struct WGPUOtherBindingLayout { /* sampler/texture/storage texture: unused, zero */
  WGPUChainedStruct *nextInChain;
  uint32_t a, b, c;
} WGPUOtherBindingLayout;

typedef struct WGPUBindGroupLayoutEntry {
  WGPUChainedStruct *nextInChain;
  uint32_t binding;
  WGPUFlags visibility;
  uint32_t bindingArraySize;
  WGPUBufferBindingLayout buffer;             /* offset 32 */
  struct { WGPUChainedStruct *next; uint32_t type; } sampler;
  WGPUOtherBindingLayout texture, storageTexture;
} WGPUBindGroupLayoutEntry;

typedef struct WGPUBindGroupLayoutDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
  size_t entryCount;
  const WGPUBindGroupLayoutEntry *entries;
} WGPUBindGroupLayoutDescriptor;

typedef struct WGPUPipelineLayoutDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
  size_t bindGroupLayoutCount;
  const WGPUBindGroupLayout *bindGroupLayouts;
  uint32_t immediateSize;
} WGPUPipelineLayoutDescriptor;

typedef struct WGPUConstantEntry {
  WGPUChainedStruct *nextInChain;
  WGPUStringView key;
  double value;
} WGPUConstantEntry;

typedef struct WGPUComputeState {
  WGPUChainedStruct *nextInChain;
  WGPUShaderModule module;
  WGPUStringView entryPoint;
  size_t constantCount;
  const WGPUConstantEntry *constants;
} WGPUComputeState;

typedef struct WGPUComputePipelineDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
  WGPUPipelineLayout layout;
  WGPUComputeState compute;
} WGPUComputePipelineDescriptor;

typedef struct WGPUBindGroupEntry {
  WGPUChainedStruct *nextInChain;
  uint32_t binding;
  WGPUBuffer buffer;
  uint64_t offset, size;
  void *sampler, *textureView;
} WGPUBindGroupEntry;

typedef struct WGPUBindGroupDescriptor {
  WGPUChainedStruct *nextInChain;
  WGPUStringView label;
  WGPUBindGroupLayout layout;
  size_t entryCount;
  const WGPUBindGroupEntry *entries;
} WGPUBindGroupDescriptor;

/* The functions, as an X-macro: WGPU_FN(return type, name, parameters). */
#define WGPU_FUNCTIONS                                                                         \
  WGPU_FN(WGPUInstance, wgpuCreateInstance, (const WGPUInstanceDescriptor *))                  \
  WGPU_FN(uint32_t, wgpuGetInstanceCapabilities, (WGPUInstanceCapabilities *))                 \
  WGPU_FN(WGPUFuture, wgpuInstanceRequestAdapter,                                              \
          (WGPUInstance, const WGPURequestAdapterOptions *, WGPURequestAdapterCallbackInfo))   \
  WGPU_FN(uint32_t, wgpuInstanceWaitAny, (WGPUInstance, size_t, WGPUFutureWaitInfo *, uint64_t)) \
  WGPU_FN(uint32_t, wgpuAdapterGetInfo, (WGPUAdapter, WGPUAdapterInfo *))                      \
  WGPU_FN(void, wgpuAdapterInfoFreeMembers, (WGPUAdapterInfo))                                 \
  WGPU_FN(uint32_t, wgpuAdapterGetLimits, (WGPUAdapter, WGPULimits *))                         \
  WGPU_FN(WGPUBool, wgpuAdapterHasFeature, (WGPUAdapter, uint32_t))                            \
  WGPU_FN(WGPUFuture, wgpuAdapterRequestDevice,                                                \
          (WGPUAdapter, const WGPUDeviceDescriptor *, WGPURequestDeviceCallbackInfo))          \
  WGPU_FN(WGPUQueue, wgpuDeviceGetQueue, (WGPUDevice))                                         \
  WGPU_FN(WGPUBuffer, wgpuDeviceCreateBuffer, (WGPUDevice, const WGPUBufferDescriptor *))      \
  WGPU_FN(WGPUShaderModule, wgpuDeviceCreateShaderModule,                                      \
          (WGPUDevice, const WGPUShaderModuleDescriptor *))                                    \
  WGPU_FN(WGPUBindGroupLayout, wgpuDeviceCreateBindGroupLayout,                                \
          (WGPUDevice, const WGPUBindGroupLayoutDescriptor *))                                 \
  WGPU_FN(WGPUPipelineLayout, wgpuDeviceCreatePipelineLayout,                                  \
          (WGPUDevice, const WGPUPipelineLayoutDescriptor *))                                  \
  WGPU_FN(WGPUComputePipeline, wgpuDeviceCreateComputePipeline,                                \
          (WGPUDevice, const WGPUComputePipelineDescriptor *))                                 \
  WGPU_FN(WGPUBindGroup, wgpuDeviceCreateBindGroup, (WGPUDevice, const WGPUBindGroupDescriptor *)) \
  WGPU_FN(WGPUCommandEncoder, wgpuDeviceCreateCommandEncoder, (WGPUDevice, const void *))      \
  WGPU_FN(void, wgpuDevicePushErrorScope, (WGPUDevice, uint32_t))                              \
  WGPU_FN(WGPUFuture, wgpuDevicePopErrorScope, (WGPUDevice, WGPUPopErrorScopeCallbackInfo))    \
  WGPU_FN(WGPUComputePassEncoder, wgpuCommandEncoderBeginComputePass,                          \
          (WGPUCommandEncoder, const void *))                                                  \
  WGPU_FN(void, wgpuComputePassEncoderSetPipeline, (WGPUComputePassEncoder, WGPUComputePipeline)) \
  WGPU_FN(void, wgpuComputePassEncoderSetBindGroup,                                            \
          (WGPUComputePassEncoder, uint32_t, WGPUBindGroup, size_t, const uint32_t *))         \
  WGPU_FN(void, wgpuComputePassEncoderDispatchWorkgroups,                                      \
          (WGPUComputePassEncoder, uint32_t, uint32_t, uint32_t))                              \
  WGPU_FN(void, wgpuComputePassEncoderEnd, (WGPUComputePassEncoder))                           \
  WGPU_FN(void, wgpuCommandEncoderCopyBufferToBuffer,                                          \
          (WGPUCommandEncoder, WGPUBuffer, uint64_t, WGPUBuffer, uint64_t, uint64_t))          \
  WGPU_FN(WGPUCommandBuffer, wgpuCommandEncoderFinish, (WGPUCommandEncoder, const void *))     \
  WGPU_FN(void, wgpuQueueSubmit, (WGPUQueue, size_t, const WGPUCommandBuffer *))               \
  WGPU_FN(void, wgpuQueueWriteBuffer, (WGPUQueue, WGPUBuffer, uint64_t, const void *, size_t)) \
  WGPU_FN(WGPUFuture, wgpuQueueOnSubmittedWorkDone, (WGPUQueue, WGPUQueueWorkDoneCallbackInfo)) \
  WGPU_FN(WGPUFuture, wgpuBufferMapAsync,                                                      \
          (WGPUBuffer, WGPUFlags, size_t, size_t, WGPUBufferMapCallbackInfo))                  \
  WGPU_FN(const void *, wgpuBufferGetConstMappedRange, (WGPUBuffer, size_t, size_t))           \
  WGPU_FN(void, wgpuBufferUnmap, (WGPUBuffer))                                                 \
  WGPU_FN(void, wgpuBufferDestroy, (WGPUBuffer))                                               \
  WGPU_FN(void, wgpuBufferRelease, (WGPUBuffer))                                               \
  WGPU_FN(void, wgpuShaderModuleRelease, (WGPUShaderModule))                                   \
  WGPU_FN(void, wgpuComputePipelineRelease, (WGPUComputePipeline))                             \
  WGPU_FN(void, wgpuBindGroupRelease, (WGPUBindGroup))                                         \
  WGPU_FN(void, wgpuBindGroupLayoutRelease, (WGPUBindGroupLayout))                             \
  WGPU_FN(void, wgpuPipelineLayoutRelease, (WGPUPipelineLayout))                               \
  WGPU_FN(void, wgpuCommandEncoderRelease, (WGPUCommandEncoder))                               \
  WGPU_FN(void, wgpuComputePassEncoderRelease, (WGPUComputePassEncoder))                       \
  WGPU_FN(void, wgpuCommandBufferRelease, (WGPUCommandBuffer))                                 \
  WGPU_FN(void, wgpuQueueRelease, (WGPUQueue))                                                 \
  WGPU_FN(void, wgpuDeviceRelease, (WGPUDevice))                                               \
  WGPU_FN(void, wgpuAdapterRelease, (WGPUAdapter))                                             \
  WGPU_FN(void, wgpuInstanceRelease, (WGPUInstance))

typedef struct WgpuApi {
  void *dl; /* dlopen handle */
#define WGPU_FN(ret, name, params) ret(*name) params;
  WGPU_FUNCTIONS
#undef WGPU_FN
} WgpuApi;

/* wgpu_load.c: opens the library (CUWA_WEBGPU_LIB, else libwebgpu_wrapper.so
 * next to the cuwa installation) and resolves every function; 0 or -1
 * with a reason in why. */
int wgpu_api_load(WgpuApi *api, char *why, size_t why_size);

#endif
