/* cooperative_groups/memcpy_async.h (cuwa device pass): the one header serves
 * host and device code. */
#include "../../../cooperative_groups/memcpy_async.h"
