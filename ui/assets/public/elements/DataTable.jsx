// Filon's result table (companies, leads, lead lists, owners), a Chainlit custom element.
// Everything it shows comes from ui/data_table.py: plain text put into text nodes (never parsed
// as Markdown or HTML), links already checked against the UI's allow-list, and row buttons that
// post the Chainlit action named by the server. On a phone, filon.css turns rows into cards.
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

function safeLink(url) {
  return typeof url === "string" && url.startsWith("https://") ? url : null;
}

export default function DataTable() {
  const columns = props.columns || [];
  const rows = props.rows || [];
  const withActions = rows.some((row) => (row.actions || []).length > 0);
  const scroller = useRef(null);
  const [overflows, setOverflows] = useState(false);

  useEffect(() => {
    const box = scroller.current;
    if (!box) return undefined;
    const measure = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [rows.length]);

  const cell = (row, column) => {
    const value = (row.cells || {})[column.key] || "";
    const href = column.key === props.linkColumn ? safeLink(row.link) : null;
    if (!href) return value;
    return (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {value}
      </a>
    );
  };

  return (
    <div className="filon-table">
      {props.caption ? <p className="filon-table-caption">{props.caption}</p> : null}
      <div
        className="filon-table-scroll"
        ref={scroller}
        role="region"
        aria-label={props.caption || ""}
        tabIndex={0}
      >
        <table>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} scope="col" className={column.numeric ? "filon-number" : ""}>
                  {column.label}
                </th>
              ))}
              {withActions ? (
                <th scope="col" className="filon-actions-head">
                  {props.actionsLabel || ""}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {columns.map((column, position) => (
                  <td
                    key={column.key}
                    title={(row.titles || {})[column.key] || undefined}
                    className={[
                      position === 0 ? "filon-title" : "",
                      column.numeric ? "filon-number" : "",
                    ].join(" ")}
                  >
                    {position > 0 ? (
                      <span className="filon-cell-label">
                        {column.label + (props.labelSuffix || ": ")}
                      </span>
                    ) : null}
                    {cell(row, column)}
                  </td>
                ))}
                {withActions ? (
                  <td className="filon-row-actions">
                    {(row.actions || []).map((action) => (
                      <Button
                        key={action.name}
                        size="sm"
                        variant="outline"
                        aria-label={action.tooltip || action.label}
                        title={action.tooltip || action.label}
                        onClick={() =>
                          callAction({
                            name: action.name,
                            payload: action.payload,
                            label: action.label,
                          })
                        }
                      >
                        {action.label}
                      </Button>
                    ))}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overflows && props.scrollHint ? (
        <p className="filon-scroll-hint" aria-hidden="true">
          {props.scrollHint}
        </p>
      ) : null}
    </div>
  );
}
