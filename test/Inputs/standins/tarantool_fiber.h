/* tarantool_fiber.h -- the switchguard stand-in for Tarantool's fiber API
 * under the name the tests' brief uses.  The API is declared in
 * tarantool/module.h, the path real modules include (<tarantool/module.h>),
 * which is also how switchguard's Tarantool profile recognises the calls;
 * tarantool_fiber.c implements it.
 */
#include "tarantool/module.h"
