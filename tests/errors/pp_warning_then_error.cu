#warning this kernel is slow
#error stop here
