import { useCallback, useEffect, useState } from 'react'
import { ApiError } from './api/apis.ts'

/** The state of one load: loading, failed (with the HTTP status, 0 = unreachable) or loaded. */
export type Load<T> = { state: 'loading' } | { state: 'error', status: number, message: string } | { state: 'ok', data: T }

/**
 * Runs `load` when `key` changes and keeps its state; a newer load wins over an older one still
 * in flight (a filter changed twice quickly never shows the first answer). `reload` runs it again.
 */
export function useLoad<T> (load: () => Promise<T>, key: string): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ state: 'loading' })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let current = true
    setState({ state: 'loading' })
    load().then(
      (data) => { if (current) setState({ state: 'ok', data }) },
      (err: unknown) => {
        if (!current) return
        if (err instanceof ApiError) setState({ state: 'error', status: err.status, message: err.message })
        else setState({ state: 'error', status: -1, message: err instanceof Error ? err.message : String(err) })
      })
    return () => { current = false }
    // `load` is a fresh closure on each render; `key` says when what it loads changes.
  }, [key, attempt])
  const reload = useCallback(() => setAttempt((a) => a + 1), [])
  return [state, reload]
}
