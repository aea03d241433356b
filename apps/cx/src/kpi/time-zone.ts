import { badRequest } from '@cx/errors'
import type { Queryable } from '@cx/store'

// Names each database accepted: at most the few hundred IANA zones ICU knows, so the set stays
// small; keyed by the database because PostgreSQL and PGlite ship their own tz data.
const accepted = new WeakMap<Queryable, Set<string>>()

/** Whether `tz` is an IANA time zone name ICU knows (the syntax of a zone name, then Intl). */
function isIanaName (tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(tz)) return false
  try {
    Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/**
 * `tz` when it is an IANA time zone name that both ICU and the database know; else throws a 400
 * TMF Error. ICU and PostgreSQL ship different tz data (ICU still accepts zones the tz database
 * has dropped, such as `US/Pacific-New`), and the buckets are computed by the database, so the
 * database has the last word: a probe `now() AT TIME ZONE $1`, remembered per database once it
 * succeeds. Any other database error is rethrown (a 500 or 503 as usual).
 */
export async function checkTimeZone (db: Queryable, tz: string): Promise<string> {
  const refuse = (): never => { throw badRequest(`tz must be an IANA time zone name, got '${tz}'`) }
  if (!isIanaName(tz)) refuse()
  let known = accepted.get(db)
  if (known?.has(tz) === true) return tz
  try {
    await db.query('SELECT now() AT TIME ZONE $1', [tz])
  } catch (err) {
    // 22023 invalid_parameter_value: 'time zone "…" not recognized'.
    if ((err as { code?: unknown }).code === '22023') refuse()
    throw err
  }
  if (known === undefined) accepted.set(db, known = new Set())
  known.add(tz)
  return tz
}
