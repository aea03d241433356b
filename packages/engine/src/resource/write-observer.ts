import type { Queryable } from '@cx/store'

/** One committed change to a resource, as business metrics count it. */
export interface ResourceChange {
  api: string
  /** The resource's collection name, e.g. troubleTicket. */
  resource: string
  kind: 'created' | 'deleted' | 'state'
  /** The state entered, for kind 'state' (and the initial state of a created resource). */
  state?: string
}

/** Told once a transaction has committed, with every change it made (none for a rollback). */
export interface WriteObserver {
  committed: (changes: readonly ResourceChange[]) => void
}

// Changes noted inside a transaction, keyed by its handle: hooks of one resource may change
// another (a cancellation moving its order), and all of them commit or roll back together.
const pending = new WeakMap<Queryable, ResourceChange[]>()

/** Notes a change made in `tx`; it is reported only if `tx` commits (see runObserved). */
export function noteChange (tx: Queryable, change: ResourceChange): void {
  const list = pending.get(tx)
  if (list === undefined) pending.set(tx, [change])
  else list.push(change)
}

/**
 * Runs `fn` in a transaction of `db` and reports the changes it noted to `observer` after the
 * commit; a rollback reports nothing, so counters never count a write that did not happen.
 */
export async function runObserved<T> (db: { transaction: <R>(fn: (tx: Queryable) => Promise<R>) => Promise<R> }, observer: WriteObserver | undefined, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  let handle: Queryable | undefined
  try {
    const result = await db.transaction(async (tx) => {
      handle = tx
      return await fn(tx)
    })
    const changes = pending.get(handle as Queryable) ?? []
    if (changes.length > 0) observer?.committed(changes)
    return result
  } finally {
    if (handle !== undefined) pending.delete(handle)
  }
}
