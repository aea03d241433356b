import { createHmac, timingSafeEqual } from 'node:crypto'

/** `sha256=<hex>` over the exact bytes of the body, GitHub-webhook style. */
export function signBody (secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** Receiver-side check, constant time; exported for listeners (and tests) written in TypeScript. */
export function verifySignature (secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (header === undefined) return false
  const expected = Buffer.from(signBody(secret, body))
  const given = Buffer.from(header)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
