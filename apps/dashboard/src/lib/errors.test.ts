import t from 'tap'
import { adviceFor } from './errors.ts'

t.test('every error state says what to do', async (t) => {
  t.match(adviceFor(0, 'the customers').action, /pnpm start/)
  t.same([adviceFor(401, 'x').signInAgain, adviceFor(403, 'x').signInAgain], [true, false])
  t.match(adviceFor(404, 'this customer').title, /^This customer was not found, or is not in your scope/)
  t.match(adviceFor(403, 'these KPIs').action, /operator, or as the partner/)
  for (const status of [0, 400, 401, 403, 404, 500, 503]) t.ok(adviceFor(status, 'x').action.length > 0, `${status} has an action`)
})
