// Checks of the addon's JavaScript arguments (Node-API): integers that are exact, arrays that lie inside the buffer.
// A failed check throws a RangeError naming the function and the argument.
#pragma once

#include <node_api.h>

#include <cstdint>
#include <string>

#include "pool.h"

namespace impulse {

napi_value throwError(napi_env env, const std::string& message);
bool intArg(napi_env env, napi_value value, int64_t* out);
// Reads (memory, float32, offsets × arrays, B, H[, carry]) and checks that array i, of sizes[i] × B·H values (H when
// sizes[i] is 0), lies inside the buffer; returns false after throwing.
bool readGateCall(napi_env env, napi_callback_info info, const char* name, int arrays, const int* sizes, bool withCarry,
                  GateCall* call);

}  // namespace impulse
