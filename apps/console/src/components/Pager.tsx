import { useState } from 'react';

/** Cursor paging with Previous / Next: the cursors of the pages already seen form a stack. */
export function useCursorPages() {
  const [stack, setStack] = useState<string[]>(['']);
  const cursor = stack[stack.length - 1] as string;
  return {
    cursor,
    page: stack.length,
    next: (nextCursor: string) => setStack((s) => [...s, nextCursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack(['']),
  };
}

export function Pager(props: {
  readonly hasPrevious: boolean;
  readonly nextCursor: string | null;
  readonly onPrevious: () => void;
  readonly onNext: (cursor: string) => void;
}) {
  return (
    <nav className="pager" aria-label="Pagination">
      <button type="button" className="button secondary" disabled={!props.hasPrevious} onClick={props.onPrevious}>
        Previous
      </button>
      <button
        type="button"
        className="button secondary"
        disabled={props.nextCursor === null}
        onClick={() => props.nextCursor !== null && props.onNext(props.nextCursor)}
      >
        Next
      </button>
    </nav>
  );
}
