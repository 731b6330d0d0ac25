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
  /**
   * xoshiro128**'s four state words, in an Int32Array: in number fields a word past ±2^30 is a boxed heap number that
   * every step reads and writes through.
   */
  private readonly state = new Int32Array(4)
  /** Box–Muller gives normals in pairs: the second of a pair waits here for the next draw (a number field, never null). */
  private spare = 0
  private hasSpare = false

  /** seed: any integer (taken mod 2^32); stream: an independent sequence for the same seed. */
  constructor(seed: number, stream: number | string = 0) {
    const streamWord = typeof stream === 'string' ? hashLabel(stream) : stream >>> 0
    const st = { s: (seed >>> 0) ^ Math.imul(streamWord, 0x27d4eb2d) }
    this.state[0] = splitmix32(st)
    this.state[1] = splitmix32(st)
    this.state[2] = splitmix32(st)
    this.state[3] = splitmix32(st) | 1 // the all-zero state is the one state xoshiro cannot leave
  }

  /** Next raw 32-bit output (xoshiro128**). */
  nextUint32(): number {
    const s = this.state
    let a = s[0]
    let b = s[1]
    let c = s[2]
    let d = s[3]
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    s[0] = a
    s[1] = b
    s[2] = c
    s[3] = rotl(d, 11)
    return result
  }

  /**
   * Uniform in [0, 1) with 53 random bits: two steps of nextUint32 written out on locals, the hot path of sampling
   * (half the time of two nextUint32 calls, which each load and store the state).
   */
  uniform(): number {
    const s = this.state
    let a = s[0]
    let b = s[1]
    let c = s[2]
    let d = s[3]
    const hi = (Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0) >>> 5 // 27 bits
    let t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    const lo = (Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0) >>> 6 // 26 bits
    t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    s[0] = a
    s[1] = b
    s[2] = c
    s[3] = rotl(d, 11)
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform()
  }

  /** Standard normal by Box–Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    return this.pair()
  }

  /** A new Box–Muller pair: returns the first value and keeps the second as the spare. */
  private pair(): number {
    let u = this.uniform()
    while (u === 0) u = this.uniform()
    const v = this.uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    this.hasSpare = true
    return r * Math.cos(2 * Math.PI * v)
  }

  /** Fill `out` with N(mean, std²) draws and return it (the draws normal() would give, in order). */
  fillNormal(out: Float64Array, std = 1, mean = 0): Float64Array {
    let i = 0
    if (this.hasSpare && out.length > 0) {
      this.hasSpare = false
      out[i++] = mean + std * this.spare
    }
    // whole pairs, the second value straight into its place (pair()'s arithmetic)
    for (; i + 1 < out.length; i += 2) {
      let u = this.uniform()
      while (u === 0) u = this.uniform()
      const v = this.uniform()
      const r = Math.sqrt(-2 * Math.log(u))
      out[i] = mean + std * (r * Math.cos(2 * Math.PI * v))
      out[i + 1] = mean + std * (r * Math.sin(2 * Math.PI * v))
    }
    if (i < out.length) out[i] = mean + std * this.pair()
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
