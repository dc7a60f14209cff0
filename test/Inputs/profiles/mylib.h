/* A library switchguard does not know, for the profile-file tests. */
typedef struct mylib_co mylib_co;
mylib_co *mylib_spawn(void (*fn)(void *), void *arg);
void mylib_resume(mylib_co *co);
void mylib_yield(void);
int mylib_sleep(int ms);
void mylib_free(mylib_co *co);
