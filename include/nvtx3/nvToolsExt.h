/* nvToolsExt.h (cuwa): NVTX, the profiler annotation API, as no-ops. NVTX
 * only names ranges and marks for a profiler (Nsight), which cuwa has not,
 * so every call does nothing and returns what NVTX returns when no tool is
 * attached. Covers the ASCII range, mark and naming calls; not the
 * extended event attributes, domains or resource naming. */
#ifndef CUWA_NVTOOLSEXT_H
#define CUWA_NVTOOLSEXT_H

#include <stdint.h>

typedef uint64_t nvtxRangeId_t;

static inline int nvtxRangePushA(const char *message) { (void)message; return -1; }
static inline int nvtxRangePop(void) { return -1; }
static inline void nvtxMarkA(const char *message) { (void)message; }
static inline nvtxRangeId_t nvtxRangeStartA(const char *message) { (void)message; return 0; }
static inline void nvtxRangeEnd(nvtxRangeId_t id) { (void)id; }
static inline void nvtxNameOsThreadA(uint32_t threadId, const char *name) { (void)threadId; (void)name; }

#endif
