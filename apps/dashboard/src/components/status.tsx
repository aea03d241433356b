import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { adviceFor } from '../lib/errors.ts'
import type { Load } from '../use-load.ts'

/** A loading line, announced politely to screen readers. */
export function Loading ({ what }: { what: string }) {
  return <p className='status loading' role='status' aria-live='polite'>Loading {what}…</p>
}

/** An empty state: what is missing and what to do. */
export function Empty ({ children, testId }: { children: ReactNode, testId?: string }) {
  return <div className='status empty' data-testid={testId ?? 'empty'}>{children}</div>
}

/** An error state: what went wrong, what to do, and a retry button. */
export function Failure ({ status, message, what, retry }: { status: number, message: string, what: string, retry?: () => void }) {
  const advice = adviceFor(status, what)
  return (
    <div className='status error' role='alert' data-testid='error' data-status={status}>
      <p><strong>{advice.title}</strong> {advice.action}</p>
      <p className='detail'>{message}</p>
      {advice.signInAgain ? <Link to='/signin'>Sign in again</Link> : null}
      {retry !== undefined && !advice.signInAgain ? <button type='button' onClick={retry}>Retry</button> : null}
    </div>
  )
}

/** Renders a load: Loading, Failure or `children(data)`. */
export function Loaded<T> ({ load, what, retry, children }: { load: Load<T>, what: string, retry: () => void, children: (data: T) => ReactNode }) {
  if (load.state === 'loading') return <Loading what={what} />
  if (load.state === 'error') return <Failure status={load.status} message={load.message} what={what} retry={retry} />
  return <>{children(load.data)}</>
}
