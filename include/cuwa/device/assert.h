/* assert.h (cuwa device pass): assert(e) reports through __assert_fail,
 * as glibc and CUDA do. No include guard: each inclusion re-reads NDEBUG
 * (C11 7.2). */
#ifndef __CUWA_ASSERT_FAIL_DECLARED
#define __CUWA_ASSERT_FAIL_DECLARED
__host__ __device__ void __assert_fail(const char *expr, const char *file,
                                       unsigned line, const char *func);
#endif

#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
