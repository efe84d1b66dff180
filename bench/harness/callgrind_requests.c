/* Callgrind client requests, called by harness/worker.py through ctypes.
 *
 * Built by harness/callgrind.py with the valgrind package's own header. Outside
 * valgrind each request is a few no-op instructions.
 */
#include <valgrind/callgrind.h>

void bench_instrumentation(int on)
{
    if (on) {
        CALLGRIND_START_INSTRUMENTATION;
    } else {
        CALLGRIND_STOP_INSTRUMENTATION;
    }
}

void bench_zero(void) { CALLGRIND_ZERO_STATS; }

void bench_dump(const char *reason) { CALLGRIND_DUMP_STATS_AT(reason); }
