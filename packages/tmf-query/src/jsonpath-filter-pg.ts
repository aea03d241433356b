import { badRequest } from '@cx/errors'
import { normaliseDateTime } from './dates.ts'
import { jsonpathLiteral } from './jsonpath.ts'
import type { Expr, Literal, Operand, RelativePath, Step } from './jsonpath-filter.ts'
import { unknownPath, type PathInfo, type PathOptions } from './types.ts'

const LOOSE_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/** Where a path stands in the document: its names as the client wrote them and as stored (after mapPath). */
interface Context { written: string[], stored: string[] }

class Emitter {
  constructor (private readonly expression: string, private readonly opts: PathOptions) {}

  root (steps: Step[]): string {
    return '$' + this.steps(steps, { written: [], stored: [] }).text
  }

  /** Emits a run of steps under `ctx`; returns the text and the context after the last name. */
  private steps (steps: Step[], ctx: Context): { text: string, ctx: Context } {
    let text = ''
    let here = ctx
    for (let i = 0; i < steps.length;) {
      const step = steps[i] as Step
      if (step.kind === 'name') {
        // A run of names is renamed as a whole (v4 `relatedParty.id` is stored as `relatedParty.partyOrPartyRole.id`).
        const run: string[] = []
        while (i < steps.length && steps[i]?.kind === 'name') run.push((steps[i++] as { name: string }).name)
        const stored = this.map([...here.written, ...run], here)
        text += stored.map((s) => '.' + jsonpathLiteral(s)).join('')
        here = { written: [...here.written, ...run], stored: [...here.stored, ...stored] }
        continue
      }
      i++
      if (step.kind === 'wildcard') text += '[*]'
      else if (step.kind === 'index') text += `[${step.index}]`
      // Lax mode: `[*]` lets the filter see each element of an array (and an object as itself).
      else text += `${text === '' && here.stored.length === 0 ? '' : '[*]'} ? (${this.expr(step.expr, here)})`
    }
    return { text, ctx: here }
  }

  private map (written: string[], parent: Context): string[] {
    const mapPath = this.opts.mapPath
    if (mapPath === undefined) return written.slice(parent.written.length)
    const whole = mapPath(written)
    const prefix = mapPath(parent.written)
    if (whole.length < prefix.length || prefix.some((s, i) => whole[i] !== s) || parent.stored.some((s, i) => prefix[i] !== s)) {
      throw badRequest(`filter '${this.expression}': '${written.join('.')}' cannot be used at this position in this API version`, 'ERR400-FILTER')
    }
    return whole.slice(prefix.length)
  }

  private expr (e: Expr, ctx: Context): string {
    switch (e.kind) {
      case 'or': return e.items.map((x) => `(${this.expr(x, ctx)})`).join(' || ')
      case 'and': return e.items.map((x) => `(${this.expr(x, ctx)})`).join(' && ')
      case 'not': return `!(${this.expr(e.expr, ctx)})`
      case 'exists': return `exists(${this.path(e.path, ctx).text})`
      case 'compare': {
        const left = this.operand(e.left, ctx)
        const right = this.operand(e.right, ctx)
        const l = left.literal === undefined ? left.text : this.literal(left.literal, right.info, e.op)
        const r = right.literal === undefined ? right.text : this.literal(right.literal, left.info, e.op)
        return `${l} ${e.op} ${r}`
      }
    }
  }

  private operand (o: Operand, ctx: Context): { text: string, info: PathInfo, literal?: Literal } {
    if (o.kind === 'literal') return { text: '', info: unknownPath(), literal: o.value }
    return this.path(o.path, ctx)
  }

  private path (p: RelativePath, ctx: Context): { text: string, info: PathInfo } {
    const { text, ctx: end } = this.steps(p.steps, ctx)
    if (p.length) return { text: `@${text}.size()`, info: { type: 'integer', throughArray: false, known: true } }
    const info = end.stored.length === 0 ? unknownPath() : this.opts.describe?.(end.stored) ?? unknownPath()
    return { text: `@${text}`, info }
  }

  /** A constant compared with an attribute, typed like the attribute (as attribute filters are). */
  private literal (value: Literal, info: PathInfo, op: string): string {
    if (value === null) return 'null'
    const fail = (what: string): never => {
      throw badRequest(`filter '${this.expression}': ${JSON.stringify(value)} is not ${what}`, 'ERR400-FILTER')
    }
    switch (info.type) {
      case 'object':
        throw badRequest(`filter '${this.expression}': a structured attribute cannot be compared ${op} a constant; compare one of its members`, 'ERR400-FILTER')
      case 'date-time': {
        if (typeof value !== 'string') return fail('a date-time')
        // Stored date-times are UTC ISO text, so the normalised constant compares as a date.
        return jsonpathLiteral(normaliseDateTime(value) ?? fail('a date-time (RFC 3339) or a date'))
      }
      case 'number':
      case 'integer':
        if (typeof value === 'number') return jsonpathLiteral(value)
        if (typeof value === 'string' && LOOSE_NUMBER.test(value.trim())) return jsonpathLiteral(Number(value))
        return fail('a number')
      case 'boolean':
        if (typeof value === 'boolean') return jsonpathLiteral(value)
        if (value === 'true' || value === 'false') return jsonpathLiteral(value === 'true')
        return fail('true or false')
      case 'string':
        return jsonpathLiteral(String(value))
      default:
        return jsonpathLiteral(value)
    }
  }
}

/**
 * Translates a parsed `filter=` expression into a PostgreSQL SQL/JSON path (lax mode) that yields
 * an item exactly when the resource matches, for `doc @? $n::jsonpath`. Names go through
 * `opts.mapPath` (v4 names) and constants are typed with `opts.describe` like attribute filters;
 * every name and constant is quoted, so the client's text never becomes path syntax.
 */
export function jsonPathFilterToPostgres (expression: string, steps: Step[], opts: PathOptions = {}): string {
  return new Emitter(expression, opts).root(steps)
}
