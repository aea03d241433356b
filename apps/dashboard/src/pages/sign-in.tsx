import { useState, type FormEvent } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { devSignIn, startOidcSignIn, type Session } from '../auth/session.ts'
import type { DashboardConfig } from '../config.ts'

/**
 * Sign-in. Embedded mode: pick the operator or a demo partner; the suite's dev issuer signs a
 * client-credentials token for it. Production: the configured OIDC provider (code + PKCE).
 */
export function SignInPage ({ config, onSignedIn }: { config: DashboardConfig, onSignedIn: (s: Session) => void }) {
  const auth = config.auth
  const navigate = useNavigate()
  const location = useLocation()
  const [identity, setIdentity] = useState(auth.kind === 'dev' ? auth.identities[0]?.id ?? 'operator' : '')
  const [secret, setSecret] = useState(auth.kind === 'dev' ? auth.clientSecret ?? '' : '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)

  const done = (s: Session) => {
    onSignedIn(s)
    if (location.pathname === '/signin' || location.pathname === '/') Promise.resolve(navigate('/customers', { replace: true })).catch(() => undefined)
  }

  if (auth.kind === 'oidc') {
    return (
      <main id='main' className='sign-in'>
        <h1>CX Suite dashboard</h1>
        <p>Sign in with your organisation's account. Operators see every customer; partner staff see the customers their company serves.</p>
        {error === undefined ? null : <p role='alert' className='status error'>{error}</p>}
        <button type='button' disabled={busy} onClick={() => { setBusy(true); startOidcSignIn(auth).catch((e: unknown) => { setBusy(false); setError(`The sign-in provider could not be reached: ${String(e)}`) }) }}>Sign in</button>
      </main>
    )
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const who = auth.identities.find((i) => i.id === identity)
    setBusy(true)
    setError(undefined)
    devSignIn(config.apiOrigin, auth.tokenPath, identity, secret, who?.name ?? identity)
      .then(done, (err: unknown) => { setError(err instanceof Error ? err.message : String(err)) })
      .finally(() => setBusy(false))
  }
  return (
    <main id='main' className='sign-in'>
      <h1>CX Suite dashboard</h1>
      <p>Embedded mode: the suite's development token issuer signs you in as the operator or as one of the demo partners. A partner sees only the customers and records it serves.</p>
      <form onSubmit={submit} aria-describedby={error === undefined ? undefined : 'sign-in-error'}>
        <fieldset>
          <legend>Sign in as</legend>
          {auth.identities.map((i) => (
            <label key={i.id} className='choice'>
              <input type='radio' name='identity' value={i.id} checked={identity === i.id} onChange={() => setIdentity(i.id)} />
              {i.name} <span className='muted'>({i.id})</span>
            </label>
          ))}
        </fieldset>
        <label>Client secret <input type='password' value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete='off' required /></label>
        {error === undefined ? null : <p id='sign-in-error' role='alert' className='status error'>{error}</p>}
        <button type='submit' disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  )
}
