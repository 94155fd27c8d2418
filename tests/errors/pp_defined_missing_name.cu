#if defined(
#endif
