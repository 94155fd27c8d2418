/* texture_types.h (cuwa device pass): the one texture_types.h serves host and
 * device code. */
#include "../../texture_types.h"
