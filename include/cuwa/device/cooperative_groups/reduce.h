/* cooperative_groups/reduce.h (cuwa device pass): the one header serves
 * host and device code. */
#include "../../../cooperative_groups/reduce.h"
