import { Type } from 'typebox'
import { commonMapPath, commonToV4, commonToV5, type Doc, type V4Mapping } from '@cx/engine'

/** v4 and v5 tasks differ only in their party refs and the version in hrefs. */
function withOrderHref (doc: Doc, from: string, to: string): Doc {
  const ref = doc.productOrder as Doc | undefined
  if (typeof ref?.href === 'string') doc.productOrder = { ...ref, href: ref.href.replace(from, to) }
  return doc
}

const writable = {
  '@type': Type.Optional(Type.String()),
  '@baseType': Type.Optional(Type.String()),
  '@schemaLocation': Type.Optional(Type.String()),
  productOrder: Type.Object({ id: Type.String({ minLength: 1 }), href: Type.Optional(Type.String()), '@referredType': Type.Optional(Type.String()) }, { additionalProperties: true }),
  cancellationReason: Type.Optional(Type.String()),
  requestedCancellationDate: Type.Optional(Type.String({ format: 'date-time' }))
}

export const cancelProductOrderV4: V4Mapping = {
  schemas: {
    resource: Type.Object({
      id: Type.String(),
      href: Type.String(),
      ...writable,
      state: Type.String(),
      effectiveCancellationDate: Type.Optional(Type.String({ format: 'date-time' }))
    }, { $id: 'CancelProductOrder', additionalProperties: true }),
    create: Type.Object(writable, { $id: 'CancelProductOrder_Create', additionalProperties: true, description: 'productOrder is required' }),
    patch: Type.Partial(Type.Object({ state: Type.String(), stateChangeReason: Type.String(), cancellationReason: Type.String() }), { $id: 'CancelProductOrder_Update', additionalProperties: true })
  },
  toV5: (v4) => withOrderHref(commonToV5(v4, 'CancelProductOrder'), '/v4/', '/v5/'),
  fromV5: (v5) => withOrderHref(commonToV4(v5), '/v5/', '/v4/'),
  mapPath: (path) => commonMapPath(path)
}
