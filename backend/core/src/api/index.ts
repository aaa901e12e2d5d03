/** The HTTP API's answers (zod schemas, their types) and the job states, shared by backend and frontend. */
export * from './errors.ts'
export * from './feedSchemas.ts'
export * from './feedStates.ts'
export * from './jobStates.ts'
export * from './previewRules.ts'
export * from './routes.ts'
export * from './schemas.ts'
