#define CAT(a, b) a ## b
int x = CAT(+, /);
