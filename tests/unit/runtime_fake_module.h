/* runtime_fake_module.h: the host-side names of runtime_fake_module.c
 * (kernel stubs and variable shadows), for the runtime tests. */
#ifndef RUNTIME_FAKE_MODULE_H
#define RUNTIME_FAKE_MODULE_H

#ifdef __cplusplus
extern "C" {
#endif

extern int dev_table[4];
extern float dev_scale;
void vadd(const float *a, const float *b, float *c, int n);
void scale_add(const float *in, float *out, int n);
void reverse(int *data);
void count(int *counts, int *ids);
void mixed(char c, double d, int i, short s, double *out);
void check(unsigned limit);
void say(int x);
void empty(void);

#ifdef __cplusplus
}
#endif

/* What the driver turns k<<<g, b, s, st>>>(args...) into. */
#define LAUNCH(k, g, b, s, st, ...) \
  (cuwaPushCallConfiguration(g, b, s, st) ? (void)0 : k(__VA_ARGS__))

#endif
