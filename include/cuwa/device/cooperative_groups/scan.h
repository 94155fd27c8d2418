/* cooperative_groups/scan.h (cuwa device pass): the one header serves
 * host and device code. */
#include "../../../cooperative_groups/scan.h"
