// Builds the native matrix product (binding.gyp → build/Release/impulse_native.node) during `npm install`. The app
// runs without it (the WebAssembly kernels take over), so a machine without a C++ toolchain gets a warning, not a
// failed install; IMPULSE_REQUIRE_NATIVE=1 makes a failed build an error (for machines that must have it).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (process.env.IMPULSE_SKIP_NATIVE === '1') {
  console.log('impulse-lab: IMPULSE_SKIP_NATIVE=1, native kernels not built (WebAssembly kernels will be used)')
  process.exit(0)
}
// npm hands lifecycle scripts its own node-gyp; elsewhere it is on PATH or next to npm
const gyp = process.env.npm_config_node_gyp
const [command, args] = gyp && existsSync(gyp) ? [process.execPath, [gyp, 'rebuild']] : ['node-gyp', ['rebuild']]
const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' })
if (result.status !== 0) {
  const why = result.error ? result.error.message : `node-gyp exited with ${result.status}`
  console.warn(`impulse-lab: the native kernels were not built (${why}); the WebAssembly kernels will be used`)
  process.exit(process.env.IMPULSE_REQUIRE_NATIVE === '1' ? 1 : 0)
}
