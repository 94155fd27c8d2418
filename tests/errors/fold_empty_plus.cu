template <class... Ts> __device__ int sum(Ts... xs) { return (xs + ...); }
__device__ int g() { return sum(); }
