int x = 1;
#if 2 +
#endif
#error still reported
