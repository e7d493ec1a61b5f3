import type { Schemas } from '../api/client';

/** Checkboxes for the project's catalog, each with its description; used by the create dialog and the editor. */
export function EventTypeChecklist(props: {
  readonly catalog: readonly Schemas['EventTypeDto'][];
  readonly selected: readonly string[];
  readonly onChange: (selected: string[]) => void;
  readonly describedBy?: string;
}) {
  const known = new Set(props.catalog.map((t) => t.name));
  // Wildcards or types no longer in the catalog stay visible so they can be cleared.
  const extra = props.selected.filter((name) => !known.has(name));
  const toggle = (name: string, on: boolean) => props.onChange(on ? [...props.selected, name] : props.selected.filter((n) => n !== name));
  return (
    <ul className="checklist" aria-describedby={props.describedBy}>
      {[...props.catalog.map((t) => ({ name: t.name, description: t.description })), ...extra.map((name) => ({ name, description: '' }))].map((type) => (
        <li key={type.name}>
          <label>
            <input type="checkbox" checked={props.selected.includes(type.name)} onChange={(e) => toggle(type.name, e.target.checked)} />
            <span className="mono">{type.name}</span>
            {type.description ? <span className="muted"> — {type.description}</span> : null}
          </label>
        </li>
      ))}
    </ul>
  );
}
