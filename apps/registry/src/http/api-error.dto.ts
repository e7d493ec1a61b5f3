// Moved to @hookline/runtime (the ingest API answers in the same shape); kept so branches written against this path still build.
export { ApiErrorBody, ApiErrors } from '@hookline/runtime';
