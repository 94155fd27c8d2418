__constant__ int lut[3] = {1, 2, 3, 4};
