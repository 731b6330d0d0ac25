// The desktop app's permission policy: everything a page may ask for is denied, except clipboard writes by the app.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isPermissionAllowed } from '../../../../src-main/app/permissions'
import { APP_ORIGIN } from '../../../../src-main/app/ipcChannels'

test('permissions are denied by default; only the app page may write the clipboard', () => {
  for (const permission of ['media', 'notifications', 'geolocation', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'display-capture', 'clipboard-read', 'some-future-permission']) {
    assert.equal(isPermissionAllowed(permission, `${APP_ORIGIN}/index.html`), false, permission)
  }
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`), true)
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/'), false)
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', undefined), false)
})
