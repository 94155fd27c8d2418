// cuwa-args: -c -ftz=maybe
__global__ void k() {}
