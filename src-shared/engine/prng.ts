/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna) seeded through splitmix32, with Box–Muller
 * normals. Everything is 32-bit integer arithmetic (Math.imul, >>>), so a (seed, stream) pair gives the same
 * sequence on every machine and in every process; Math.log/sqrt/cos/sin are V8's fdlibm ports, also deterministic.
 * Not cryptographic.
 */

/** splitmix32: spreads a 32-bit seed into well-mixed state words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** Hash a string label into 32 bits (FNV-1a), so streams can be named: rngFor(seed, 'teacher'). */
function hashLabel(label: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  private spareNormal: number | null = null

  /** seed: any integer (taken mod 2^32); stream: an independent sequence for the same seed. */
  constructor(seed: number, stream: number | string = 0) {
    const streamWord = typeof stream === 'string' ? hashLabel(stream) : stream >>> 0
    const st = { s: (seed >>> 0) ^ Math.imul(streamWord, 0x27d4eb2d) }
    this.a = splitmix32(st)
    this.b = splitmix32(st)
    this.c = splitmix32(st)
    this.d = splitmix32(st) | 1 // the all-zero state is the one state xoshiro cannot leave
  }

  /** Next raw 32-bit output (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return result
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5 // 27 bits
    const lo = this.nextUint32() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform()
  }

  /** Standard normal by Box–Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal
      this.spareNormal = null
      return z
    }
    let u = this.uniform()
    while (u === 0) u = this.uniform()
    const v = this.uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spareNormal = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  /** Fill `out` with N(mean, std²) draws and return it. */
  fillNormal(out: Float64Array, std = 1, mean = 0): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal()
    return out
  }

  /** Fill `out` with U[lo, hi) draws and return it. */
  fillUniform(out: Float64Array, lo: number, hi: number): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniformIn(lo, hi)
    return out
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n)
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(arr: T[] | Int32Array): void {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = arr[i]
      arr[i] = arr[j]
      arr[j] = t
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
