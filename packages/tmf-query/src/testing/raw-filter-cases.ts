// Raw query strings (as a client sends them, still percent-encoded) over ticketDocs: the `;` OR
// of whole expressions and JSONPath `filter=` (TMF630 Part 1 §4.4, Part 6). `%26%26` is `&&`.
export interface RawFilterCase { query: string, ids: string[], why?: string }

export const rawFilterCases: RawFilterCase[] = [
  { query: 'status=acknowledged;status=rejected', ids: ['t01', 't04', 't08', 't11'] },
  { query: 'status=rejected;severity=Critical', ids: ['t01', 't08'], why: 'different attributes OR-ed' },
  { query: 'status=resolved;priority.gt=5', ids: ['t03', 't07', 't09'] },
  { query: 'status=rejected;severity=Critical&active=true', ids: ['t01'], why: 'an OR clause AND-ed with another parameter' },
  { query: 'status=acknowledged;rejected', ids: ['t01', 't04', 't08', 't11'], why: 'a segment that is no expression is one more value' },
  { query: 'status=acknowledged%3Brejected', ids: [], why: 'an encoded semicolon is part of the value' },
  { query: 'priority>5;status=closed', ids: ['t05', 't07'], why: 'a symbol form starts an expression' },
  { query: "filter=relatedParty[?(@.role=='customer' %26%26 @.partyOrPartyRole.id=='c1')]", ids: ['t01', 't05', 't08'] },
  { query: "filter=relatedParty[?(@.role=='partner' %26%26 @.partyOrPartyRole.id=='c2')]", ids: [], why: 'both conditions on the same element (t02 has customer c2 and partner p1)' },
  { query: "filter=relatedParty[?(@.role=='partner' %26%26 @.partyOrPartyRole.id=='p1')]", ids: ['t02', 't03'] },
  { query: "filter=$.relatedParty[?(@.role == 'customer')]", ids: ['t01', 't02', 't05', 't08'] },
  { query: "filter=relatedParty[?(@.id=='c1')]", ids: ['t01', 't05', 't08'], why: 'v4 names are mapped' },
  { query: "filter=relatedParty[?(@.partyOrPartyRole.@type=='PartyRoleRef')]", ids: ['t02'] },
  { query: "filter=$[?(@.status=='acknowledged' || @.priority > 5)]", ids: ['t01', 't04', 't07', 't11'] },
  { query: "filter=[?(@.creationDate >= '2024-01-01')]", ids: ['t01', 't02', 't05', 't07', 't11'], why: 'a date constant is normalised like an attribute filter' },
  { query: "filter=[?(@.priority == '1.5')]", ids: ['t05'], why: 'a constant is typed like the attribute' },
  { query: "filter=characteristic[?(@.name=='speed' %26%26 @.value > 50)]", ids: ['t09'] },
  { query: "filter=characteristic[?(@.name=='colour' %26%26 @.value == 100)]", ids: [] },
  { query: 'filter=characteristic[?(@value==100)]', ids: ['t09'], why: '@value reads as @.value (the TMF621 v5 OAS example form)' },
  { query: 'filter=tags', ids: ['t03', 't10'], why: 'a path alone tests existence' },
  { query: "filter=[?(@.tags[?(@ == 'vip')])]", ids: ['t03'], why: 'a nested filter' },
  { query: 'filter=[?(@.tags.length() > 1)]', ids: ['t03'] },
  { query: "filter=[?(!(@.status == 'acknowledged'))]", ids: ['t02', 't03', 't05', 't06', 't07', 't08', 't09', 't10', 't12'], why: 'negation: no status equal to acknowledged, also none at all' },
  { query: 'filter=[?(@.status == null)]', ids: ['t06'] },
  { query: "filter=relatedParty[?(@.role=='partner')]&filter=tags", ids: ['t02', 't03', 't10'], why: 'a repeated filter is an OR' },
  { query: "filter=relatedParty[?(@.role=='partner')]&status=resolved", ids: ['t03'] },
  { query: "status=closed;filter=relatedParty[?(@.role=='partner')]", ids: ['t02', 't03', 't05'] }
]
