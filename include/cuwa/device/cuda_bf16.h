/* cuda_bf16.h (cuwa device pass): the one cuda_bf16.h serves host and
 * device code. */
#include "../../cuda_bf16.h"
