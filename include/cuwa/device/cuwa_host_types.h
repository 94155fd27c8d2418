/* cuwa_host_types.h (cuwa device pass): what a skipped host-only header
 * (<vector>, <iostream>, <algorithm>, ...) would have declared through
 * glibc and libstdc++ and device code commonly uses without including it
 * itself: the <stdint.h> and <stddef.h> types and glibc's <sys/types.h>
 * shorthands. The preprocessor includes it in place of such a header. */
#ifndef CUWA_HOST_TYPES_H
#define CUWA_HOST_TYPES_H
#include <stddef.h>
#include <stdint.h>
typedef unsigned char u_char;
typedef unsigned short ushort, u_short;
typedef unsigned int uint, u_int;
typedef unsigned long ulong, u_long;
typedef long ssize_t;
#endif
