#include "pp_include_self.cu"
