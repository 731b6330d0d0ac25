// The one chart palette: at least 12 colours far apart, dashes for a second dimension, and the WCAG contrast formula.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DASHES, PALETTE, contrastRatio, hexToLab, seriesStyle } from '../../../../src-shared/charts/palette'

test('12 colours, every pair at least ΔE*ab 20 apart in CIELAB', () => {
  assert.ok(PALETTE.length >= 12)
  for (let i = 0; i < PALETTE.length; i++) {
    for (let j = i + 1; j < PALETTE.length; j++) {
      const [a, b] = [hexToLab(PALETTE[i]), hexToLab(PALETTE[j])]
      const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])
      assert.ok(distance >= 20, `${PALETTE[i]} and ${PALETTE[j]} are ${distance.toFixed(1)} apart`)
    }
  }
})

test('series past the palette cycle colours with the next dash; a given dash index wins', () => {
  assert.deepEqual(seriesStyle(0), { color: PALETTE[0], dash: 'solid' })
  assert.deepEqual(seriesStyle(PALETTE.length + 2), { color: PALETTE[2], dash: DASHES[1] })
  assert.deepEqual(seriesStyle(3, 2), { color: PALETTE[3], dash: DASHES[2] })
})

test('contrast ratio: black on white is 21, a colour on itself is 1, WCAG\'s #767676 on white just passes AA', () => {
  assert.ok(Math.abs(contrastRatio('#000000', '#ffffff') - 21) < 1e-9)
  assert.equal(contrastRatio('#4e79a7', '#4e79a7'), 1)
  const grey = contrastRatio('#767676', '#ffffff')
  assert.ok(grey > 4.5 && grey < 4.6, String(grey))
})

test('CIELAB of white and black', () => {
  const white = hexToLab('#ffffff')
  assert.ok(Math.abs(white[0] - 100) < 0.01 && Math.abs(white[1]) < 0.1 && Math.abs(white[2]) < 0.1)
  assert.ok(Math.abs(hexToLab('#000000')[0]) < 1e-9)
})
