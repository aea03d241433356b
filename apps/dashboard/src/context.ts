import { createContext, useContext } from 'react'
import type { Apis } from './api/apis.ts'
import type { DashboardConfig } from './config.ts'
import type { Session } from './auth/session.ts'

/** What every page needs: the configuration, the signed-in caller and its typed clients. */
export interface DashboardContext {
  config: DashboardConfig
  session: Session
  apis: Apis
  signOut: () => void
}

export const Dashboard = createContext<DashboardContext | undefined>(undefined)

export function useDashboard (): DashboardContext {
  const ctx = useContext(Dashboard)
  if (ctx === undefined) throw new Error('useDashboard outside <Dashboard.Provider>')
  return ctx
}
