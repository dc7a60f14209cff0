s|#include <stdio.h>|#include <stdio.h>\
#include <unistd.h>|
s|^coroutine void worker(void) {|coroutine void worker(void) { static int calls; if (calls++ == 0) usleep(300000); /* INJECTED */|
