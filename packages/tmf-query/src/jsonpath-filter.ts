import { badRequest, type TmfError } from '@cx/errors'

/**
 * The bounded subset of JSONPath (TMF630 Part 6) accepted in `filter=`, as a syntax tree. Nothing
 * here is ever evaluated as code: the tree is translated into a PostgreSQL SQL/JSON path.
 *
 *   filter   := ['$'] step*                       a leading `$` may be omitted (Part 6)
 *   step     := '.' name | '[' '?(' or ')' ']' | '[*]' | '[' index ']' | "['" name "']"
 *   or       := and ('||' and)*        and := unary ('&&' unary)*     unary := '!' unary | primary
 *   primary  := '(' or ')' | operand [cmp operand]     cmp := == != < <= > >=
 *   operand  := '@' step* ['.length()'] | 'string' | "string" | number | true | false | null
 *
 * A lone `@.path` tests that the path exists. Refused, with a 400 naming them: recursive descent
 * `..`, slices, unions, script expressions `[(…)]`, `=~` and other operators, functions other
 * than length(), `$` inside a predicate.
 */
export type Step =
  | { kind: 'name', name: string }
  | { kind: 'index', index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter', expr: Expr }

export interface RelativePath { steps: Step[], length: boolean }

export type Literal = string | number | boolean | null

export type Operand = { kind: 'path', path: RelativePath } | { kind: 'literal', value: Literal }

export type Comparator = '==' | '!=' | '<' | '<=' | '>' | '>='

export type Expr =
  | { kind: 'or' | 'and', items: Expr[] }
  | { kind: 'not', expr: Expr }
  | { kind: 'compare', op: Comparator, left: Operand, right: Operand }
  | { kind: 'exists', path: RelativePath }

export const MAX_FILTER_LENGTH = 1000
export const MAX_FILTER_DEPTH = 8
export const MAX_FILTER_TESTS = 30
const MAX_INDEX = 10_000

const NAME = /[A-Za-z0-9_@$-]/
const COMPARATORS: readonly Comparator[] = ['==', '!=', '<=', '>=', '<', '>']
// Operators of other JSONPath dialects (Jayway, Goessner's script filters) that Part 6 does not define for us.
const WORD_OPERATORS = ['in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty', 'contains', 'like']

class Parser {
  private pos = 0
  private depth = 0
  private tests = 0

  constructor (private readonly src: string) {}

  parse (): Step[] {
    this.ws()
    const rooted = this.peek() === '$' && !NAME.test(this.src[this.pos + 1] ?? '')
    if (rooted) this.pos++
    const steps = this.steps(!rooted)
    this.ws()
    if (this.pos < this.src.length) throw this.fail(`unexpected '${this.src.slice(this.pos, this.pos + 10)}'`)
    if (steps.length === 0 && !rooted) throw this.fail('the expression is empty')
    return steps
  }

  private steps (bareFirst: boolean, relative = false): Step[] {
    const steps: Step[] = []
    for (;;) {
      const c = this.peek()
      if (c === '.' && this.src[this.pos + 1] === '.') throw this.unsupported("recursive descent '..'")
      if (c === '.') {
        this.pos++
        const name = this.name()
        if (this.peek() === '(') {
          if (!relative || name !== 'length' || this.src[this.pos + 1] !== ')') throw this.unsupported(`function '${name}()'`)
          this.pos += 2
          return this.withLength(steps)
        }
        steps.push({ kind: 'name', name })
      } else if (c === '[') {
        steps.push(this.bracket())
      } else if (bareFirst && steps.length === 0 && c !== undefined && NAME.test(c)) {
        steps.push({ kind: 'name', name: this.name() })
      } else {
        return steps
      }
    }
  }

  private withLength (steps: Step[]): Step[] {
    // Marked by a sentinel the caller turns into RelativePath.length; nothing may follow it.
    return [...steps, { kind: 'name', name: '\u0000length' }]
  }

  private bracket (): Step {
    this.pos++ // [
    this.ws()
    const c = this.peek()
    let step: Step
    if (c === '?') {
      this.pos++
      this.expect('(')
      step = { kind: 'filter', expr: this.nested(() => this.or()) }
      this.expect(')')
    } else if (c === '(') {
      throw this.unsupported("script expression '[(…)]'")
    } else if (c === '*') {
      this.pos++
      step = { kind: 'wildcard' }
    } else if (c === "'" || c === '"') {
      const name = this.string()
      if (!/^[A-Za-z0-9_@$-]+$/.test(name)) throw this.fail(`'${name}' is not an attribute name (letters, digits, _ - @ $)`)
      step = { kind: 'name', name }
    } else if (c !== undefined && /[-0-9:]/.test(c)) {
      const start = this.pos
      while (/[-0-9]/.test(this.peek() ?? '')) this.pos++
      const text = this.src.slice(start, this.pos)
      this.ws()
      if (this.peek() === ':') throw this.unsupported("array slice '[start:end]'")
      if (!/^\d+$/.test(text) || Number(text) > MAX_INDEX) throw this.unsupported(`array index '${text}' (only 0 to ${MAX_INDEX})`)
      step = { kind: 'index', index: Number(text) }
    } else {
      throw this.fail(`unexpected '${c ?? 'end'}' after '['`)
    }
    this.ws()
    if (this.peek() === ',') throw this.unsupported("union '[a,b]'")
    this.expect(']')
    return step
  }

  private nested<T> (fn: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) throw this.fail(`nested more than ${MAX_FILTER_DEPTH} levels deep`)
    const out = fn()
    this.depth--
    return out
  }

  private or (): Expr {
    const items = [this.and()]
    while (this.take('||')) items.push(this.and())
    return items.length === 1 ? items[0] as Expr : { kind: 'or', items }
  }

  private and (): Expr {
    const items = [this.unary()]
    while (this.take('&&')) items.push(this.unary())
    return items.length === 1 ? items[0] as Expr : { kind: 'and', items }
  }

  private unary (): Expr {
    this.ws()
    if (this.peek() === '!' && this.src[this.pos + 1] !== '=') {
      this.pos++
      return { kind: 'not', expr: this.nested(() => this.unary()) }
    }
    if (this.peek() === '(') {
      this.pos++
      const inner = this.nested(() => this.or())
      this.expect(')')
      return inner
    }
    return this.test()
  }

  private test (): Expr {
    if (++this.tests > MAX_FILTER_TESTS) throw this.fail(`more than ${MAX_FILTER_TESTS} tests`)
    const left = this.operand()
    this.ws()
    const op = this.comparator()
    if (op === undefined) {
      if (left.kind !== 'path') throw this.fail('a constant alone is not a test')
      return { kind: 'exists', path: left.path }
    }
    const right = this.operand()
    if (left.kind !== 'path' && right.kind !== 'path') throw this.fail('a comparison needs an @ path on one side')
    return { kind: 'compare', op, left, right }
  }

  private comparator (): Comparator | undefined {
    if (this.src.startsWith('=~', this.pos)) throw this.unsupported("regular expression match '=~'")
    if (this.src.startsWith('===', this.pos) || this.src.startsWith('!==', this.pos)) throw this.fail("use '==' and '!='")
    for (const op of COMPARATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length
        return op
      }
    }
    const word = /^[A-Za-z]+/.exec(this.src.slice(this.pos))?.[0]
    if (word !== undefined && WORD_OPERATORS.includes(word.toLowerCase())) throw this.unsupported(`operator '${word}'`)
    return undefined
  }

  private operand (): Operand {
    this.ws()
    const c = this.peek()
    if (c === '@') {
      this.pos++
      // `@size` (as in the TMF621 v5 OAS example `attachment[?(@size==300)]`) reads as `@.size`.
      const steps = this.nested(() => this.steps(true, true))
      const last = steps[steps.length - 1]
      const length = last?.kind === 'name' && last.name === '\u0000length'
      return { kind: 'path', path: { steps: length ? steps.slice(0, -1) : steps, length } }
    }
    if (c === '$') throw this.unsupported("absolute path '$' inside a predicate")
    if (c === "'" || c === '"') return { kind: 'literal', value: this.string() }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.src.slice(this.pos))?.[0]
    if (number !== undefined) {
      this.pos += number.length
      const value = Number(number)
      if (!Number.isFinite(value)) throw this.fail(`${number} is not a finite number`)
      return { kind: 'literal', value }
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.src.startsWith(word, this.pos) && !NAME.test(this.src[this.pos + word.length] ?? '')) {
        this.pos += word.length
        return { kind: 'literal', value }
      }
    }
    throw this.fail(`unexpected '${c ?? 'end'}'`)
  }

  private string (): string {
    const quote = this.peek()
    this.pos++
    let out = ''
    for (;;) {
      const c = this.src[this.pos++]
      if (c === undefined) throw this.fail('unterminated string')
      if (c === quote) return out
      if (c !== '\\') {
        out += c
        continue
      }
      const e = this.src[this.pos++]
      const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' }
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e]
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(parseInt(this.src.slice(this.pos, this.pos + 4), 16))
        this.pos += 4
      } else {
        throw this.fail(`unknown escape '\\${e ?? ''}'`)
      }
    }
  }

  private name (): string {
    const start = this.pos
    while (NAME.test(this.peek() ?? '')) this.pos++
    if (this.pos === start) throw this.fail(`an attribute name is expected, not '${this.peek() ?? 'end'}'`)
    return this.src.slice(start, this.pos)
  }

  private take (token: string): boolean {
    this.ws()
    if (!this.src.startsWith(token, this.pos)) return false
    this.pos += token.length
    return true
  }

  private expect (token: string): void {
    if (!this.take(token)) throw this.fail(`'${token}' expected`)
  }

  private ws (): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++
  }

  private peek (): string | undefined {
    return this.src[this.pos]
  }

  private fail (message: string): TmfError {
    return badRequest(`filter '${this.src}' is not a valid JSONPath expression: ${message} (at character ${this.pos + 1})`, 'ERR400-FILTER')
  }

  private unsupported (construct: string): TmfError {
    return badRequest(`filter '${this.src}': ${construct} is not supported; supported are paths, [?(…)] with == != < <= > >= && || ! and (), [*], [n] and length()`, 'ERR400-FILTER')
  }
}

/** Parses one `filter=` value. Throws a 400 TmfError (code ERR400-FILTER) naming what is wrong or unsupported. */
export function parseJsonPathFilter (expression: string): Step[] {
  if (expression.length > MAX_FILTER_LENGTH) throw badRequest(`a filter expression may have at most ${MAX_FILTER_LENGTH} characters`, 'ERR400-FILTER')
  return new Parser(expression).parse()
}
