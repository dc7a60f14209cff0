#include <pcl.h>
/* Switches only when there is work to hand over. */
static inline void hand_over(int n) {
  if (n > 0)
    co_resume();
}
