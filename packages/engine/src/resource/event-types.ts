import type { Doc, ResourceDeclaration } from './declaration.ts'

/**
 * Every event type a declared resource can emit, named as its API's v5 OAS names them (TMF688
 * envelope, `{Type}{Kind}Event`): Create, AttributeValueChange (unless the OAS has none, as for
 * TMF622 CancelProductOrder), the lifecycle's change event, Delete (when the resource can be
 * deleted) and the declared extras. The hub checks a subscription's `eventType` against these.
 */
export function eventTypesOf (decl: ResourceDeclaration): string[] {
  const t = decl.type
  const events = decl.events ?? {}
  return [
    `${t}CreateEvent`,
    ...(events.attributeValueChange === false ? [] : [`${t}AttributeValueChangeEvent`]),
    ...(decl.lifecycle === undefined ? [] : [decl.lifecycle.changeEvent]),
    ...(decl.operations?.delete === false ? [] : [`${t}DeleteEvent`]),
    ...(events.extra ?? [])
  ]
}

/**
 * What a `{Type}DeleteEvent` carries under `event.{name}`: the deleted resource itself (TMF622 v5
 * ProductOrderDeleteEventPayload, TMF629 v5 CustomerDeleteEventPayload), or where the OAS says so
 * a `{Type}Ref` (TMF621 v5 TroubleTicketDeleteEventPayload: TroubleTicketRef, an EntityRef).
 */
export function deleteEventPayload (decl: ResourceDeclaration, doc: Doc): Doc {
  if (decl.events?.deletePayload !== 'ref') return doc
  return {
    '@type': `${decl.type}Ref`,
    id: doc.id,
    href: doc.href,
    ...(typeof doc.name === 'string' ? { name: doc.name } : {}),
    '@referredType': decl.type
  }
}
