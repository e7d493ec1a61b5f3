import { useRef } from 'react';

/**
 * Focus goes back to whatever opened a dialog when it closes. Radix does this
 * only for its own Dialog.Trigger; the console opens dialogs from state (an
 * icon in a row, a route), so the opener is remembered as the dialog opens —
 * during render, before Radix moves focus inside.
 */
export function useReturnFocus(open: boolean): (event: Event) => void {
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  wasOpen.current = open;
  return (event: Event) => {
    if (opener.current?.isConnected) {
      event.preventDefault();
      opener.current.focus();
    }
  };
}
