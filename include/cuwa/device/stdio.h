/* stdio.h (cuwa device pass): device code has printf (a compiler
 * intrinsic, so not declared here) and nothing else of stdio; FILE and EOF
 * exist for code that mentions them. */
#ifndef __CUWA_STDIO_H
#define __CUWA_STDIO_H

#include <stddef.h>

typedef struct _IO_FILE FILE;
#define EOF (-1)

#endif
