#include no_quotes.h
