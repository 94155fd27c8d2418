#undef 3
