s|#include <stdio.h>|#include <stdio.h>\
#include <unistd.h>|
s|^\( *\)mco_yield(co);|\1mco_yield(co);\
\1usleep(300000); /* INJECTED */|
