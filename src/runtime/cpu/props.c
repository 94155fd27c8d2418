/* props.c: the CPU device's cudaDeviceProp, honest where a CPU has an
 * answer (name and clock from /proc/cpuinfo, cores, RAM, L2 size) and
 * CUDA 13 / H100 launch limits elsewhere, since cuwa checks launches as an
 * H100 does. Compute capability 7.5 matches the compiler's default
 * __CUDA_ARCH__ (750). See docs/runtime.md for every choice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/cpu/cpu.h"
#include "runtime/runtime.h"

int cpu_count_threads(void) {
  const char *env = getenv("CUWA_CPU_THREADS");
  if (env && *env) {
    long n = strtol(env, NULL, 10);
    if (n >= 1 && n <= 4096)
      return (int)n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n >= 1 ? (int)n : 1;
}

/* Copies the value of the first "key<spaces>: value" line of cpuinfo. */
static int cpuinfo_value(const char *key, char *out, size_t out_size) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[512];
  int found = 0;
  if (!f)
    return 0;
  size_t klen = strlen(key);
  while (!found && fgets(line, sizeof line, f)) {
    char *colon = strchr(line, ':');
    if (strncmp(line, key, klen) != 0 || !colon)
      continue;
    char *v = colon + 1;
    v += strspn(v, " \t");
    v[strcspn(v, "\n")] = 0;
    snprintf(out, out_size, "%s", v);
    found = 1;
  }
  fclose(f);
  return found;
}

static int cpu_clock_khz(void) {
  char v[64];
  if (cpuinfo_value("cpu MHz", v, sizeof v))
    return (int)(strtod(v, NULL) * 1000.0);
  FILE *f = fopen("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "r");
  long khz = 0;
  if (f) {
    if (fscanf(f, "%ld", &khz) != 1)
      khz = 0;
    fclose(f);
  }
  return (int)khz;
}

size_t cpu_available_memory(void) {
  long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  return pages > 0 && size > 0 ? (size_t)pages * (size_t)size : 0;
}

static void fill_identity(struct cudaDeviceProp *p) {
  char model[200] = "unknown CPU";
  if (!cpuinfo_value("model name", model, sizeof model))
    cpuinfo_value("Processor", model, sizeof model);
  snprintf(p->name, sizeof p->name, "cuwa CPU (%s)", model);
  /* a stable uuid: FNV-1a of the name, spread over 16 bytes */
  unsigned long long h = 1469598103934665603ull;
  for (const char *s = p->name; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  for (int i = 0; i < 16; i++)
    p->uuid.bytes[i] = (char)(h >> (8 * (i % 8)) ^ (unsigned)i);
}

static void fill_limits(struct cudaDeviceProp *p) {
  p->sharedMemPerBlock = RT_SHARED_PER_BLOCK;
  p->sharedMemPerBlockOptin = RT_SHARED_PER_BLOCK_OPTIN;
  p->sharedMemPerMultiprocessor = 233472;
  p->reservedSharedMemPerBlock = 0;
  p->regsPerBlock = 65536;
  p->regsPerMultiprocessor = 65536;
  p->warpSize = 32;
  p->memPitch = 2147483647;
  p->maxThreadsPerBlock = RT_MAX_THREADS_PER_BLOCK;
  p->maxThreadsDim[0] = RT_MAX_BLOCK_X;
  p->maxThreadsDim[1] = RT_MAX_BLOCK_Y;
  p->maxThreadsDim[2] = RT_MAX_BLOCK_Z;
  p->maxGridSize[0] = (int)RT_MAX_GRID_X;
  p->maxGridSize[1] = (int)RT_MAX_GRID_YZ;
  p->maxGridSize[2] = (int)RT_MAX_GRID_YZ;
  p->totalConstMem = 65536;
  p->major = 7;
  p->minor = 5;
  p->textureAlignment = 512;
  p->texturePitchAlignment = 32;
  p->surfaceAlignment = 512;
  p->maxThreadsPerMultiProcessor = 2048;
  p->maxBlocksPerMultiProcessor = 32;
}

/* What the CPU can do: the host's memory is the device's memory. */
static void fill_features(struct cudaDeviceProp *p) {
  p->integrated = 1;
  p->canMapHostMemory = 1;
  p->concurrentKernels = 1;
  p->asyncEngineCount = 1;
  p->unifiedAddressing = 1;
  p->streamPrioritiesSupported = 1;
  p->globalL1CacheSupported = 1;
  p->localL1CacheSupported = 1;
  p->managedMemory = 1;
  p->memoryPoolsSupported = 1; /* cudaMallocAsync and pools: api_pool.c */
  p->memoryPoolSupportedHandleTypes = 0; /* no IPC handles */
  p->hostNativeAtomicSupported = 1;
  p->pageableMemoryAccess = 1;
  p->concurrentManagedAccess = 1;
  p->canUseHostPointerForRegisteredMem = 1;
  p->pageableMemoryAccessUsesHostPageTables = 1;
  p->directManagedMemAccessFromHost = 1;
  p->hostRegisterSupported = 1;
  p->unifiedFunctionPointers = 0;
  p->deviceNumaId = -1;
  p->hostNumaId = -1;
  p->memoryBusWidth = 64;
  p->deviceOverlap = 1;
  p->computeMode = cudaComputeModeDefault;
}

void cpu_fill_properties(struct cudaDeviceProp *p, int threads) {
  memset(p, 0, sizeof *p);
  fill_identity(p);
  fill_limits(p);
  fill_features(p);
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  p->totalGlobalMem = pages > 0 && size > 0 ? (size_t)pages * (size_t)size : 0;
  p->multiProcessorCount = threads;
  long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
  p->l2CacheSize = l2 > 0 && l2 < 0x7fffffff ? (int)l2 : 0;
  p->clockRate = cpu_clock_khz();
  p->memoryClockRate = p->clockRate;
}
