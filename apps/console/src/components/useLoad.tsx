import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export type Load<T> = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: ApiError } | { readonly state: 'ready'; readonly value: T };

/**
 * Runs `load` whenever `deps` change (and on `reload()`), keeping the last
 * value while a refresh runs so polling does not flash. Answers that arrive
 * after a newer request started are dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Load<T> & { reload: () => Promise<void> } {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const generation = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const value = await run();
      if (mine === generation.current) setResult({ state: 'ready', value });
    } catch (error) {
      if (mine === generation.current) setResult({ state: 'failed', error: asApiError(error) });
    }
  }, [run]);
  useEffect(() => {
    setResult({ state: 'loading' });
    void reload();
  }, [reload]);
  return { ...result, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client', error instanceof Error ? error.message : String(error));
}

export function ErrorNotice({ error }: { readonly error: ApiError }) {
  return (
    <p role="alert" className="error-text">
      {error.message} ({error.code})
    </p>
  );
}
