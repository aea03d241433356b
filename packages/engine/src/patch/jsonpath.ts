import { badRequest } from '@cx/errors'
import type { Condition, Segment } from './path.ts'

/**
 * The JSONPath subset that TMF630 Part 5 examples use for JSON Patch Query:
 * `$`, `.name`, `['name']`, `[0]` and filters `[?(@.a.b=='x' && @.c==42)]`.
 * Anything else (wildcards, recursive descent, other operators) is rejected with 400
 * rather than guessed at.
 */
export function parseJsonPath (path: string): Segment[] {
  const scanner = new Scanner(path)
  scanner.expect('$')
  const segments: Segment[] = []
  while (!scanner.done()) {
    if (scanner.eat('.')) {
      segments.push({ kind: 'key', token: scanner.name() })
    } else if (scanner.eat('[')) {
      segments.push(bracket(scanner))
      scanner.expect(']')
    } else {
      throw scanner.error('expected \'.\' or \'[\'')
    }
  }
  return segments
}

function bracket (scanner: Scanner): Segment {
  scanner.spaces()
  if (scanner.eat('?')) {
    scanner.spaces()
    scanner.expect('(')
    const conditions = [condition(scanner)]
    while (scanner.eat('&&')) conditions.push(condition(scanner))
    scanner.expect(')')
    scanner.spaces()
    return { kind: 'select', conditions }
  }
  const quote = scanner.peek()
  const token = quote === '\'' || quote === '"' ? scanner.quoted() : scanner.match(/^\d+/, 'an index or a quoted name')
  scanner.spaces()
  return { kind: 'key', token }
}

function condition (scanner: Scanner): Condition {
  scanner.spaces()
  scanner.expect('@')
  const attribute: string[] = []
  while (scanner.eat('.')) attribute.push(scanner.name())
  if (attribute.length === 0) throw scanner.error('expected \'@.attribute\'')
  scanner.spaces()
  scanner.expect('==')
  scanner.spaces()
  const value = literal(scanner)
  scanner.spaces()
  return { attribute, value }
}

// Values compare as strings, so a literal is kept as the text an element value would stringify to.
function literal (scanner: Scanner): string {
  const quote = scanner.peek()
  if (quote === '\'' || quote === '"') return scanner.quoted()
  const text = scanner.match(/^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/, 'a quoted string, number, boolean or null')
  return /^[-\d]/.test(text) ? String(Number(text)) : text
}

class Scanner {
  private position = 0

  constructor (private readonly text: string) {}

  done (): boolean {
    return this.position >= this.text.length
  }

  peek (): string | undefined {
    return this.text[this.position]
  }

  eat (expected: string): boolean {
    if (!this.text.startsWith(expected, this.position)) return false
    this.position += expected.length
    return true
  }

  expect (expected: string): void {
    if (!this.eat(expected)) throw this.error(`expected '${expected}'`)
  }

  spaces (): void {
    while (this.peek() === ' ') this.position++
  }

  match (pattern: RegExp, what: string): string {
    const found = pattern.exec(this.text.slice(this.position))?.[0]
    if (found === undefined) throw this.error(`expected ${what}`)
    this.position += found.length
    return found
  }

  // A member name after '.', up to the next character that JSONPath gives a meaning to.
  name (): string {
    return this.match(/^[^.[\]()=!<>&|\s'"]+/, 'a name')
  }

  // A '…' or "…" string; a backslash takes the next character literally.
  quoted (): string {
    const quote = this.peek()
    this.position++
    let value = ''
    for (let char = this.peek(); char !== quote; char = this.peek()) {
      if (char === undefined) throw this.error('unterminated string')
      if (char === '\\') {
        this.position++
        const escaped = this.peek()
        if (escaped === undefined) throw this.error('unterminated string')
        value += escaped
      } else {
        value += char
      }
      this.position++
    }
    this.position++
    return value
  }

  error (problem: string): Error {
    return badRequest(`Unsupported JSONPath '${this.text}' at character ${this.position}: ${problem}`)
  }
}
