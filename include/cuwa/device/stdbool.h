/* stdbool.h (cuwa device pass): bool, true and false are keywords in C++
 * (device code is C++); in C they name _Bool and 1/0. */
#ifndef __CUWA_STDBOOL_H
#define __CUWA_STDBOOL_H

#ifndef __cplusplus
#define bool _Bool
#define true 1
#define false 0
#endif
#define __bool_true_false_are_defined 1

#endif
