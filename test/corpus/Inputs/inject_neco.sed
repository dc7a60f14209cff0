s|"\.\./neco\.h"|"neco.h"|
s|^\( *\)neco_yield();|\1if (i == 2 \&\& name[0] == 'B') usleep(300000); /* INJECTED */\
\1neco_yield();|
