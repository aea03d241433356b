/**
 * A bounded map of verified tokens: verification runs on every request, and the same token is
 * presented many times during its life. Entries leave at the token's expiry or after `maxAgeMs`
 * (so a rotated-out signing key stops being trusted soon), and the least recently used entry is
 * dropped when the map is full.
 */
export interface VerificationCache<T> {
  get (key: string): T | undefined
  set (key: string, value: T, expiresAtMs: number): void
  readonly size: number
}

export interface VerificationCacheOptions {
  maxEntries: number
  maxAgeMs: number
  now?: () => number
}

export function createVerificationCache<T> ({ maxEntries, maxAgeMs, now = Date.now }: VerificationCacheOptions): VerificationCache<T> {
  const entries = new Map<string, { value: T, expiresAt: number }>()
  return {
    get (key) {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      entries.delete(key)
      if (entry.expiresAt <= now()) return undefined
      entries.set(key, entry) // re-insert: Map order doubles as recency order
      return entry.value
    },
    set (key, value, expiresAtMs) {
      const expiresAt = Math.min(expiresAtMs, now() + maxAgeMs)
      if (expiresAt <= now() || maxEntries < 1) return
      entries.delete(key)
      while (entries.size >= maxEntries) {
        const oldest = entries.keys().next()
        if (oldest.done === true) break
        entries.delete(oldest.value)
      }
      entries.set(key, { value, expiresAt })
    },
    get size () {
      return entries.size
    }
  }
}
