import { NavLink, Outlet } from 'react-router'
import { useDashboard } from '../context.ts'

/** The frame of every signed-in page: a skip link, the navigation, who is signed in, the page. */
export function Layout () {
  const { session, signOut } = useDashboard()
  const who = session.principal.kind === 'operator' ? 'Operator' : `Partner ${session.label}`
  return (
    <>
      <a className='skip' href='#main' onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus() }}>Skip to content</a>
      <header className='top'>
        <span className='brand'>CX Suite</span>
        <nav aria-label='Main'>
          <NavLink to='/customers'>Customers</NavLink>
          <NavLink to='/scorecards'>Partner scorecards</NavLink>
          <NavLink to='/trends'>Trends</NavLink>
        </nav>
        <span className='who' data-testid='signed-in-as'>{who}</span>
        <button type='button' onClick={signOut}>Sign out</button>
      </header>
      <main id='main' tabIndex={-1}>
        <Outlet />
      </main>
    </>
  )
}
