// The argument checks declared in napi_args.h; the messages name the function and the argument.
#include "napi_args.h"

namespace impulse {

napi_value throwError(napi_env env, const std::string& message) {
  napi_throw_range_error(env, nullptr, message.c_str());
  return nullptr;
}

bool intArg(napi_env env, napi_value value, int64_t* out) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number) return false;
  double d;
  napi_get_value_double(env, value, &d);
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != (double)(int64_t)d) return false;
  *out = (int64_t)d;
  return true;
}

bool readGateCall(napi_env env, napi_callback_info info, const char* name, int arrays, const int* sizes, bool withCarry,
                  GateCall* call) {
  const size_t expected = 2 + arrays + 2 + (withCarry ? 1 : 0);
  size_t argc = 12;
  napi_value args[12];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  const std::string fn(name);
  if (argc != expected) return throwError(env, fn + ": expected " + std::to_string(expected) + " arguments"), false;
  void* data = nullptr;
  bool isBuffer = false;
  napi_is_arraybuffer(env, args[0], &isBuffer);
  if (!isBuffer || napi_get_arraybuffer_info(env, args[0], &data, &call->bytes) != napi_ok) {
    return throwError(env, fn + ": the first argument must be an ArrayBuffer"), false;
  }
  call->base = static_cast<char*>(data);
  int64_t v[11];
  for (size_t i = 1; i < expected; i++) {
    if (!intArg(env, args[i], &v[i - 1])) return throwError(env, fn + ": argument " + std::to_string(i) + " must be an integer"), false;
  }
  call->f32 = v[0] != 0;
  call->arrays = arrays;
  for (int i = 0; i < arrays; i++) call->sizes[i] = sizes[i];
  const int64_t B = v[1 + arrays], H = v[2 + arrays];
  if (B < 0 || H < 0 || B > (1 << 24) || H > (1 << 24)) return throwError(env, fn + ": B and H must be in [0, 2^24)"), false;
  call->B = (int)B;
  call->H = (int)H;
  call->carry = withCarry && v[3 + arrays] != 0;
  const int64_t size = call->f32 ? 4 : 8;
  for (int i = 0; i < arrays; i++) {
    const int64_t offset = v[1 + i];
    const int64_t values = sizes[i] > 0 ? sizes[i] * B * H : H;
    if (offset < 0 || offset % size != 0 || offset + values * size > (int64_t)call->bytes) {
      return throwError(env, fn + ": array " + std::to_string(i + 1) + " lies outside the buffer or is misaligned"), false;
    }
    call->offsets[i] = offset;
  }
  return true;
}

}  // namespace impulse
