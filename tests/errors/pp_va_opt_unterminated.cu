#define F(...) __VA_OPT__(x
