#define F(a b) a
