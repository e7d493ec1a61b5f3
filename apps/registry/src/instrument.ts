import { startTelemetry } from '@hookline/telemetry';

// Imported first by main.ts so telemetry is up before anything else loads.
startTelemetry('hookline-registry');
