/* vector_macros.h: turns the rows of vector_types.def into struct
 * definitions (CUWA_VECTOR_STRUCT) and make_<type> constructors
 * (CUWA_VECTOR_MAKE). Shared by the host and device vector headers;
 * CUWA_VECTOR_FN (the constructors' specifiers) is set by the includer. */
#ifndef CUWA_VECTOR_MACROS_H
#define CUWA_VECTOR_MACROS_H

#define CUWA_VALIGN_0
#define CUWA_VALIGN_2 __attribute__((aligned(2)))
#define CUWA_VALIGN_4 __attribute__((aligned(4)))
#define CUWA_VALIGN_8 __attribute__((aligned(8)))
#define CUWA_VALIGN_16 __attribute__((aligned(16)))
#define CUWA_VALIGN_32 __attribute__((aligned(32)))

#define CUWA_VFIELDS_1(T) T x;
#define CUWA_VFIELDS_2(T) T x, y;
#define CUWA_VFIELDS_3(T) T x, y, z;
#define CUWA_VFIELDS_4(T) T x, y, z, w;

#define CUWA_VECTOR_STRUCT(name, T, n, align) \
  struct CUWA_VALIGN_##align name {           \
    CUWA_VFIELDS_##n(T)                       \
  };                                          \
  typedef struct name name;

#define CUWA_VMAKE_1(name, T) \
  CUWA_VECTOR_FN name make_##name(T x) { name t; t.x = x; return t; }
#define CUWA_VMAKE_2(name, T) \
  CUWA_VECTOR_FN name make_##name(T x, T y) { name t; t.x = x; t.y = y; return t; }
#define CUWA_VMAKE_3(name, T)                        \
  CUWA_VECTOR_FN name make_##name(T x, T y, T z) {   \
    name t; t.x = x; t.y = y; t.z = z; return t;     \
  }
#define CUWA_VMAKE_4(name, T)                             \
  CUWA_VECTOR_FN name make_##name(T x, T y, T z, T w) {   \
    name t; t.x = x; t.y = y; t.z = z; t.w = w; return t; \
  }
#define CUWA_VECTOR_MAKE(name, T, n, align) CUWA_VMAKE_##n(name, T)

#endif
