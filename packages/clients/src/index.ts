export { createTmfClient, type TmfClient, type TmfClientOptions, type TokenSource } from './client.ts'
export { pageCounts } from './paging.ts'
export { PatchMediaType } from './media-types.ts'
export * from './generated/apis.ts'
