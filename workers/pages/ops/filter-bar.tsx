// The filters above an ops list: a GET form (search, selects, dates) whose fields are named like the
// list's query parameters, or a row of links when the list has one filter with a few values.
import type { Child } from 'hono/jsx';

interface FieldBase {
  /** Element id, unique on the page; the label points at it. */
  id: string;
  /** The query parameter. */
  name: string;
  label: Child;
  value: string;
  /** Takes the whole row; otherwise two fields share one. */
  full?: boolean;
}

export type FilterField =
  | (FieldBase & { kind: 'search'; maxlength: number })
  | (FieldBase & { kind: 'date' })
  | (FieldBase & { kind: 'select'; /** The empty choice: no filter. */ any: Child; options: { value: string; label: Child }[] });

function Field(props: { field: FilterField }) {
  const f = props.field;
  return (
    <div class={f.full ? 'full' : undefined}>
      <label for={f.id}>{f.label}</label>
      {f.kind === 'search' ? (
        <input id={f.id} type="search" name={f.name} value={f.value} maxlength={f.maxlength} />
      ) : f.kind === 'date' ? (
        <input id={f.id} type="date" name={f.name} value={f.value} />
      ) : (
        <select id={f.id} name={f.name}>
          <option value="">{f.any}</option>
          {f.options.map((o) => (
            <option value={o.value} selected={o.value === f.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/**
 * `submitBeside`: the button fills the half row left by the last field, instead of a row of its own.
 */
export function FilterForm(props: { action: string; fields: FilterField[]; submit: Child; submitBeside?: boolean }) {
  return (
    <form class="panel form filters" method="get" action={props.action} role="search">
      {props.fields.map((f) => (
        <Field field={f} />
      ))}
      {props.submitBeside ? (
        <div style="align-self:end">
          <button class="btn dark" type="submit" style="width:100%">
            {props.submit}
          </button>
        </div>
      ) : (
        <div class="full">
          <button class="btn dark" type="submit" style="width:100%;margin-top:12px">
            {props.submit}
          </button>
        </div>
      )}
    </form>
  );
}

/** One link per value of a filter; the current one is marked for screen readers and styled by it. */
export function FilterLinks(props: { class: string; label?: string; links: { href: string; label: Child; current: boolean }[] }) {
  return (
    <nav class={props.class} aria-label={props.label}>
      {props.links.map((l) => (
        <a href={l.href} aria-current={l.current ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
