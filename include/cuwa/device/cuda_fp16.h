/* cuda_fp16.h (cuwa device pass): the one cuda_fp16.h serves host and
 * device code. */
#include "../../cuda_fp16.h"
