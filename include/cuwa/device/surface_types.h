/* surface_types.h (cuwa device pass): the one surface_types.h serves host and
 * device code. */
#include "../../surface_types.h"
