#include "unterminated
