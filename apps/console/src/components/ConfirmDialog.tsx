import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { useReturnFocus } from './return-focus';

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly description: string;
  readonly confirmLabel: string;
  readonly busy?: boolean;
  readonly error?: string | null;
  readonly danger?: boolean;
  readonly children?: ReactNode;
  readonly onConfirm: () => void;
  readonly onOpenChange: (open: boolean) => void;
}

/** Radix dialog: focus is trapped inside, Escape and Cancel close it, focus returns to the opener (useReturnFocus). */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const returnFocus = useReturnFocus(props.open);
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" onCloseAutoFocus={returnFocus}>
          <Dialog.Title>{props.title}</Dialog.Title>
          <Dialog.Description>{props.description}</Dialog.Description>
          {props.children}
          {props.error ? (
            <p role="alert" className="error-text">
              {props.error}
            </p>
          ) : null}
          <DialogActions label={props.confirmLabel} danger={props.danger} busy={props.busy} onConfirm={props.onConfirm} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Cancel (closes the dialog) and the dialog's one action; without `onConfirm` the action submits the dialog's form. */
export function DialogActions(props: { readonly label: string; readonly danger?: boolean; readonly busy?: boolean; readonly onConfirm?: () => void }) {
  return (
    <div className="dialog-actions">
      <Dialog.Close asChild>
        <button type="button" className="button secondary">
          Cancel
        </button>
      </Dialog.Close>
      <button
        type={props.onConfirm === undefined ? 'submit' : 'button'}
        className={props.danger ? 'button danger' : 'button'}
        disabled={props.busy}
        onClick={props.onConfirm}
      >
        {props.label}
      </button>
    </div>
  );
}
