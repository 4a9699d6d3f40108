// The one table of the ops pages. A page names its columns once (label, cell, alignment) and the
// table keeps the markup every list shares: header cells with scope, a row header where a row has
// a name, a sideways-scrolling wrapper (focusable, so a keyboard can scroll it) so a wide table stays inside its panel at 390 px, and a
// sentence instead of an empty table.
import type { Child } from 'hono/jsx';

type Attrs = Record<string, string | number | undefined>;

export interface Column<Row> {
  /** Header text, from the page's dictionary. */
  label: Child;
  cell: (row: Row) => Child;
  /** Right-aligned tabular figures, header and cells alike. */
  numeric?: boolean;
  /** Lets the cell wrap where the others stay on one line (a title with a line under it). */
  wrap?: boolean;
  /** The cell names its row (`<th scope="row">`), so a screen reader announces it with every other cell. */
  rowHeader?: boolean;
  /** Extra attributes on this column's cells, e.g. data hooks for tests. */
  cellAttrs?: (row: Row) => Attrs;
}

export interface DataTableProps<Row> {
  columns: Column<Row>[];
  rows: Row[];
  /** What to say when there are no rows, in the page's language. */
  empty: Child;
  /** Attributes that identify a row, e.g. `{ 'data-order': o.id }`. */
  rowAttrs?: (row: Row) => Attrs;
  /**
   * `panel` (the default): the table is its own panel. `section`: it sits inside a panel that already
   * has a heading, so it only scrolls, and an empty list is a muted line under that heading.
   */
  frame?: 'panel' | 'section';
}

function classOf(c: Column<unknown>, header: boolean): string | undefined {
  const names = [!header && c.wrap ? 'wrap' : '', c.numeric ? 'num' : ''].filter(Boolean);
  return names.length > 0 ? names.join(' ') : undefined;
}

function Table<Row>(props: DataTableProps<Row>) {
  const cols = props.columns as Column<unknown>[];
  return (
    <table class="list">
      <thead>
        <tr>
          {cols.map((c) => (
            <th scope="col" class={classOf(c, true)}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr {...props.rowAttrs?.(row)}>
            {cols.map((c) =>
              c.rowHeader ? (
                <th scope="row" class={classOf(c, false)} {...c.cellAttrs?.(row)}>
                  {c.cell(row)}
                </th>
              ) : (
                <td class={classOf(c, false)} {...c.cellAttrs?.(row)}>
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  if (props.frame === 'section') {
    return props.rows.length === 0 ? (
      <p class="muted">{props.empty}</p>
    ) : (
      <div class="scroll" tabindex={0}>
        <Table {...props} />
      </div>
    );
  }
  // A wide table scrolls sideways; the wrapper takes focus so keyboard users can scroll it too.
  return props.rows.length === 0 ? (
    <div class="panel scroll">
      <div class="empty">{props.empty}</div>
    </div>
  ) : (
    <div class="panel scroll" tabindex={0}>
      <Table {...props} />
    </div>
  );
}
