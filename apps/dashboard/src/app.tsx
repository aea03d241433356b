import { useEffect, useMemo, useState } from 'react'
import { HashRouter, Navigate, Route, Routes } from 'react-router'
import { createApis } from './api/apis.ts'
import { completeOidcSignIn, isOidcCallback, loadSession, saveSession, signOut, type Session } from './auth/session.ts'
import { loadConfig, type DashboardConfig } from './config.ts'
import { Dashboard } from './context.ts'
import { Layout } from './components/layout.tsx'
import { SignInPage } from './pages/sign-in.tsx'
import { CustomersPage } from './pages/customers.tsx'
import { Customer360Page } from './pages/customer-360.tsx'
import { RecordPage } from './pages/record.tsx'
import { ScorecardsPage } from './pages/scorecards.tsx'
import { PartnerPage } from './pages/partner.tsx'
import { TrendsPage } from './pages/trends.tsx'

type Boot = { state: 'loading' } | { state: 'error', message: string } | { state: 'ready', config: DashboardConfig }

/** Loads the configuration, finishes a provider sign-in if the page is its redirect, then routes. */
export function App () {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' })
  const [session, setSession] = useState<Session | undefined>(() => loadSession())

  useEffect(() => {
    loadConfig().then(async (config) => {
      if (config.auth.kind === 'oidc' && isOidcCallback()) {
        const s = await completeOidcSignIn(config.auth)
        saveSession(s)
        setSession(s)
      }
      setBoot({ state: 'ready', config })
    }).catch((err: unknown) => setBoot({ state: 'error', message: err instanceof Error ? err.message : String(err) }))
  }, [])

  if (boot.state === 'loading') return <p className='status loading' role='status'>Loading the dashboard…</p>
  if (boot.state === 'error') return <div className='status error' role='alert'><p><strong>The dashboard could not start.</strong> {boot.message}</p><button type='button' onClick={() => window.location.reload()}>Reload</button></div>

  const onSignedIn = (s: Session) => { saveSession(s); setSession(s) }
  return (
    <HashRouter>
      {session === undefined
        ? <Routes><Route path='*' element={<SignInPage config={boot.config} onSignedIn={onSignedIn} />} /></Routes>
        : <SignedIn config={boot.config} session={session} onSignedOut={() => { signOut(boot.config).catch(() => undefined); setSession(undefined) }} onSignedIn={onSignedIn} />}
    </HashRouter>
  )
}

function SignedIn ({ config, session, onSignedOut, onSignedIn }: { config: DashboardConfig, session: Session, onSignedOut: () => void, onSignedIn: (s: Session) => void }) {
  const ctx = useMemo(() => ({ config, session, apis: createApis(config.apiOrigin, session.token), signOut: onSignedOut }), [config, session, onSignedOut])
  return (
    <Dashboard.Provider value={ctx}>
      <Routes>
        <Route path='/signin' element={<SignInPage config={config} onSignedIn={onSignedIn} />} />
        <Route element={<Layout />}>
          <Route index element={<Navigate to='/customers' replace />} />
          <Route path='/customers' element={<CustomersPage />} />
          <Route path='/customers/:id' element={<Customer360Page />} />
          <Route path='/customers/:id/records/:type/:recordId' element={<RecordPage />} />
          <Route path='/scorecards' element={<ScorecardsPage />} />
          <Route path='/partners/:id' element={<PartnerPage />} />
          <Route path='/trends' element={<TrendsPage />} />
          <Route path='*' element={<NotFound />} />
        </Route>
      </Routes>
    </Dashboard.Provider>
  )
}

function NotFound () {
  return <section><h1>Page not found</h1><p>This address is not a dashboard page. Use the navigation above.</p></section>
}
