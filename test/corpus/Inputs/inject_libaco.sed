s|^\( *\)(\*iretp)++;|\1(*iretp)++;\
\1if (ct == 2) usleep(300000); /* INJECTED */|
