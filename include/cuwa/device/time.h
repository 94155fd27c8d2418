/* time.h (cuwa device pass): clock(), which device code uses for timing. */
#ifndef __CUWA_TIME_H
#define __CUWA_TIME_H

#include <stddef.h>

typedef long clock_t;
typedef long time_t;
#define CLOCKS_PER_SEC 1000000L

__host__ __device__ clock_t clock(void);

#endif
