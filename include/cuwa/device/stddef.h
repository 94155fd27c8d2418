/* stddef.h (cuwa device pass): size_t, ptrdiff_t, NULL and offsetof as
 * device code on x86-64 Linux sees them. NULL is 0L, a null pointer
 * constant in both C and C++ (cuwa's sema accepts integer 0 for pointers).
 * No wchar_t (a C++ keyword) and no max_align_t. */
#ifndef __CUWA_STDDEF_H
#define __CUWA_STDDEF_H

#ifndef __CUWA_SIZE_T
#define __CUWA_SIZE_T
typedef unsigned long size_t;
#endif
typedef long ptrdiff_t;

#undef NULL
#define NULL 0L

#define offsetof(type, member) __builtin_offsetof(type, member)

#endif
