/** What an error state says: what happened and what to do about it. */
export interface ErrorAdvice { title: string, action: string, signInAgain: boolean }

/**
 * Advice for a failed API call, by HTTP status (0 = the server could not be reached).
 * `what` names the thing that was being loaded ("this customer").
 */
export function adviceFor (status: number, what: string): ErrorAdvice {
  if (status === 0) return { title: `Could not load ${what}: the suite is not reachable.`, action: 'Check that the suite is running (pnpm start), then retry.', signInAgain: false }
  if (status === 401) return { title: 'Your sign-in has expired or was refused.', action: 'Sign in again.', signInAgain: true }
  if (status === 403) return { title: `You may not see ${what} with this sign-in.`, action: 'Sign in as the operator, or as the partner it belongs to.', signInAgain: false }
  if (status === 404) return { title: `${what.charAt(0).toUpperCase()}${what.slice(1)} was not found, or is not in your scope.`, action: 'Go back to the list and pick another one; partners only see the customers they serve.', signInAgain: false }
  if (status === 400) return { title: `The request for ${what} was refused.`, action: 'Change the filters and retry.', signInAgain: false }
  if (status === 503) return { title: `The suite's database is unavailable, so ${what} cannot be loaded.`, action: 'Wait a few seconds, then retry.', signInAgain: false }
  return { title: `Could not load ${what} (HTTP ${status}).`, action: 'Retry; if it keeps failing, check the suite\'s log.', signInAgain: false }
}
