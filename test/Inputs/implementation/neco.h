/* A few of neco's declarations, as its header has them: enough for a file
 * that implements them and a file that calls them. */
#include <stdint.h>
int neco_sleep(int64_t nanosecs);
int neco_chan_recv_dl(void *chan, void *data, int64_t deadline);
int neco_frobnicate_dl(int64_t deadline); /* yielding by its signature */
