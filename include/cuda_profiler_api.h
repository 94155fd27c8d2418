/* cuda_profiler_api.h: cudaProfilerStart/Stop. There is no profiler to
 * drive under cuwa, so both succeed and do nothing. */
#ifndef __CUDA_PROFILER_API_H__
#define __CUDA_PROFILER_API_H__

#include "driver_types.h"

#ifdef __cplusplus
extern "C" {
#endif

cudaError_t cudaProfilerStart(void);
cudaError_t cudaProfilerStop(void);

#ifdef __cplusplus
}
#endif

#endif /* __CUDA_PROFILER_API_H__ */
