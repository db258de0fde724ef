/* libFuzzer target for the plan decoder: any input must decode or fail cleanly, never crash or leak. */
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    struct plan plan;
    char err[256];
    if (plan_decode(data, size, &plan, err, sizeof(err)) == 0) {
        FILE *sink = fopen("/dev/null", "w");
        if (sink != NULL) {
            plan_print(&plan, sink);
            fclose(sink);
        }
        plan_free(&plan);
    }
    return 0;
}
