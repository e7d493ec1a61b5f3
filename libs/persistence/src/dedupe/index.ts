// Ingest's message-id claims: at most one input record becomes each message within the window.
export * from './ingest-dedupe.store';
