/* device_launch_parameters.h (cuwa device pass): threadIdx, blockIdx,
 * blockDim, gridDim and warpSize are built into cuwa's parser (typed uint3
 * and dim3 from vector_types.h), so this header only brings the types. */
#ifndef __DEVICE_LAUNCH_PARAMETERS_H__
#define __DEVICE_LAUNCH_PARAMETERS_H__

#include "vector_types.h"

#endif
