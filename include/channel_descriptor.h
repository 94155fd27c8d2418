/* channel_descriptor.h: cudaCreateChannelDesc<T>() and
 * cudaCreateChannelDescHalf*(), which cuwa's cuda_runtime.h defines (nvcc's
 * includes this header from there too). */
#include "cuda_runtime.h"
