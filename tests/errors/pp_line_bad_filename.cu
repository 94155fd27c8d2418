#line 10 foo
