#define F(a) ## a
