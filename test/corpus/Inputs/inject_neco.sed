s|"\.\./neco\.h"|"neco.h"|
s|^\( *\)neco_yield();|\1if (i == 2 \&\& name[0] == 'B') usleep(300000); /* INJECTED */\
\1neco_yield();|
s|neco_sleep(NECO_MILLISECOND);|neco_sleep(3 * NECO_SECOND); /* neco ends with _Exit: time for the report */|
