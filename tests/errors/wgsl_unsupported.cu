// cuwa-args: --emit=wgsl
// What the webgpu device refuses (the reason the runtime gives at launch
// and tests/cuda skips): double precision arithmetic, math functions WGSL
// lacks, clocks.
__global__ void dbl(double *p, double v) { p[0] = p[1] * v; }
__global__ void err(float *p) { p[0] = erff(p[1]); }
__global__ void clk(long long *p) { p[0] = clock64(); }
