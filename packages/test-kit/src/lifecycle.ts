/** A lifecycle diagram: for each state, the states it may move to. */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>

/**
 * A shortest legal route through `transitions` from `from` to `to` (the states to move through,
 * `from` excluded, `to` included; empty when they are the same), or undefined when `to` cannot be
 * reached. Tests use it to set a resource up in a given state through the API.
 */
export function routeTo<S extends string> (transitions: Transitions<S>, from: S, to: S): S[] | undefined {
  const queue: S[][] = [[from]]
  const seen = new Set<S>([from])
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const last = path[path.length - 1] as S
    if (last === to) return path.slice(1)
    for (const next of transitions[last] ?? []) {
      if (!seen.has(next)) {
        seen.add(next)
        queue.push([...path, next])
      }
    }
  }
  return undefined
}

/** routeTo, for states the test knows to be reachable: throws otherwise. */
export function requireRoute<S extends string> (transitions: Transitions<S>, from: S, to: S): S[] {
  const route = routeTo(transitions, from, to)
  if (route === undefined) throw new Error(`no route from ${from} to ${to}`)
  return route
}
