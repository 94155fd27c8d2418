#define F(...) __VA_OPT__(__VA_OPT__(x))
