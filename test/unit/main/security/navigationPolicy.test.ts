// The desktop window's navigation, link and menu policy, and the renderer's CSP, as pure functions.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { developerMenuRoles, externalLinkDecision, isAppNavigation } from '../../../../src-main/security/navigation'
import { RENDERER_CSP } from '../../../../src-main/security/csp'
import { APP_ORIGIN } from '../../../../src-main/app/ipcChannels'

test('navigation (will-navigate, will-redirect, will-frame-navigate) stays in the app bundle or the dev server origin', () => {
  assert.equal(isAppNavigation(`${APP_ORIGIN}/index.html#/runs`, undefined), true)
  const refused = ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'not a url', 'http://localhost:5173/']
  for (const url of refused) assert.equal(isAppNavigation(url, undefined), false, url)
  const dev = 'http://localhost:5173'
  assert.equal(isAppNavigation('http://localhost:5173/#/compare', dev), true)
  // A prefix match would let these through.
  for (const url of ['http://localhost:5173.evil.example/', 'http://localhost:51730/', 'http://localhost:5173@evil.example/']) assert.equal(isAppNavigation(url, dev), false, url)
})

test('external links: known https hosts open, other https hosts ask first, everything else is refused', () => {
  assert.equal(externalLinkDecision('https://arxiv.org/abs/2201.00001'), 'open')
  assert.equal(externalLinkDecision('https://www.github.com/org/repo'), 'open')
  assert.equal(externalLinkDecision('https://openreview.net/forum?id=x'), 'open')
  for (const url of ['https://evil.example/', 'https://arxiv.org.evil.example/', 'https://notarxiv.org/']) assert.equal(externalLinkDecision(url), 'ask', url)
  for (const url of ['http://arxiv.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@arxiv.org/', 'nonsense']) assert.equal(externalLinkDecision(url), 'refuse', url)
})

test('the production menu has no DevTools toggle; development builds keep it', () => {
  assert.deepEqual(developerMenuRoles(true), ['reload'])
  assert.ok(developerMenuRoles(false).includes('toggleDevTools'))
})

test('the CSP allows no inline style elements (only style attributes, for ECharts tooltips) and no inline script', () => {
  const directives = new Map(RENDERER_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
  assert.deepEqual(directives.get('style-src'), ["'self'"])
  assert.deepEqual(directives.get('script-src'), ["'self'"])
  assert.deepEqual(directives.get('style-src-attr'), ["'unsafe-inline'"])
})
