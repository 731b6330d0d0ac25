/**
 * What pages may ask of the browser: nothing (camera, microphone, notifications, geolocation, MIDI, HID, USB,
 * serial, ...) except writing to the clipboard from the app's own page (copying a run id). Deny by default, so a new
 * Chromium permission is refused until someone decides otherwise.
 */
import type { Session } from 'electron'
import { isAppNavigation } from '../security/navigation'

const ALLOWED_FOR_THE_APP = new Set(['clipboard-sanitized-write'])

function fromApp(url: string | undefined): boolean {
  return url !== undefined && isAppNavigation(url, process.env.ELECTRON_RENDERER_URL)
}

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_FOR_THE_APP.has(permission) && fromApp(requestingUrl)
}

export function lockDownPermissions(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL())))
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, `${requestingOrigin}/`))
  // Devices are never handed out, even if a page asks the device chooser directly.
  session.setDevicePermissionHandler(() => false)
}
