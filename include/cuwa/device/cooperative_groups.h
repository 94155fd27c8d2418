/* cooperative_groups.h (cuwa device pass): the one cooperative_groups.h
 * serves host and device code. */
#include "../../cooperative_groups.h"
