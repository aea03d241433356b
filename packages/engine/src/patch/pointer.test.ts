import t from 'tap'
import { escapeToken, formatPointer, parsePointer, unescapeToken } from './pointer.ts'

t.test('parses RFC 6901 pointers', async t => {
  t.same(parsePointer(''), [])
  t.same(parsePointer('/'), [''])
  t.same(parsePointer('/a/0/-'), ['a', '0', '-'])
  t.same(parsePointer('/a~1b/m~0n/~01'), ['a/b', 'm~n', '~1'])
  t.same(parsePointer('//x'), ['', 'x'])
  t.throws(() => parsePointer('a'), { statusCode: 400, code: 'ERR400' })
  t.throws(() => parsePointer('/a~'), { statusCode: 400, code: 'ERR400' })
})

t.test('formats back to the same pointer', async t => {
  for (const path of ['', '/', '/a~1b/m~0n/~01', '/note/0']) t.equal(formatPointer(parsePointer(path)), path)
  t.equal(escapeToken('~/'), '~0~1')
  t.equal(unescapeToken('~0~1', '/x'), '~/')
})
