/* tarantool_fiber.h -- the switchguard stand-in for Tarantool's fiber API
 * under the name the tests' brief uses.  The stand-in itself is
 * tarantool/module.h, the path real modules include (<tarantool/module.h>),
 * which is also how switchguard's Tarantool profile recognises the calls.
 */
#include "tarantool/module.h"
