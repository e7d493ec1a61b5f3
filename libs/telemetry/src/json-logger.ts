import type { LoggerService } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON object per line with the active trace id, for every app. Callers
 * log ids and outcomes, never secrets or signatures; the logger adds nothing
 * it was not given.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: string = process.env.LOG_LEVEL ?? 'info',
  ) {
    this.threshold = ORDER[level as Level] ?? ORDER.info;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  /** Structured fields beside the message: `logger.event('info', 'attempt failed', { endpointId })`. */
  event(level: Level, message: string, fields: Record<string, unknown>): void {
    this.write(level, message, [], fields);
  }

  private write(level: Level, message: unknown, rest: unknown[], fields: Record<string, unknown> = {}): void {
    if (ORDER[level] < this.threshold) return;
    // Nest passes the context name last, and an error's stack before it.
    const contextName = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const span = trace.getSpan(context.active())?.spanContext();
    const line = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      context: contextName,
      msg: message instanceof Error ? message.message : message,
      ...(message instanceof Error ? { stack: message.stack } : stack !== undefined ? { stack } : {}),
      ...(span !== undefined && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {}),
      ...fields,
    };
    (level === 'error' ? process.stderr : process.stdout).write(`${JSON.stringify(line)}\n`);
  }
}
