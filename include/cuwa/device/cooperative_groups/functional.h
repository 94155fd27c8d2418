/* cooperative_groups/functional.h (cuwa device pass): the one header
 * serves host and device code. */
#include "../../../cooperative_groups/functional.h"
