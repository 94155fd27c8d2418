template <class T, class... Ts> __device__ int f(T x) { return sizeof...(T); }
__device__ int g() { return f(1); }
