export { buildApp, type AppOptions } from './app.ts'
export { communicationApi } from './api.ts'
export { communicationMessageResource, communicationMessageTransitions } from './communication-message.resource.ts'
export { COMMUNICATION_STATES, MESSAGE_TYPES } from './communication-message.schemas.ts'
