// namespaces that nominate each other many times: lookup searches each
// namespace once (found by fuzz_ir: the search was exponential)
namespace a { namespace b {} }
namespace b { using namespace a; using namespace a::b; }
namespace a { using namespace ::b; using namespace ::b; using namespace ::b; }
namespace a { namespace b { using namespace ::a; using namespace ::b; } }
using namespace a; using namespace b; using namespace a::b;
__global__ void k(int *p) { p[0] = nowhere; }
